"""Apply the benchmark's proposals P1-P4 (docs/benchmarks.md) to a tree.

    python3 bench/proposals/apply.py DIR     # DIR: a copy of the repository

Text-pattern based, so it survives the templates being moved between files;
p1-p4-codec-and-wire.diff is the same change as a diff against 1363268.
"""
import os, re, sys
root = sys.argv[1]
def edit(rel, pairs):
    """Replace each old text once; for templates, in whichever template
    holds it (the templates are being reorganised)."""
    import glob
    if rel.startswith('templates/'):
        cands = sorted(glob.glob(os.path.join(root, 'templates', '*.j2')))
    else:
        cands = [os.path.join(root, rel)]
    for old, new in pairs:
        for p in cands:
            s = open(p).read()
            if old in s:
                open(p, 'w').write(s.replace(old, new, 1))
                break
        else:
            sys.exit(f"{rel}: pattern not found:\n{old[:200]}")

VALID_INLINE = """static inline int {{ e.cname }}_valid(uint64_t v)
{
	switch (v) {
{% for v in e.unique_values %}
	case {{ v.macro }}:
{% endfor %}
		return 1;
	default:
		return 0;
	}
}"""
edit('templates/', [("int {{ e.cname }}_valid(uint64_t v);", VALID_INLINE)])
edit('templates/codec.c.j2', [
("""int {{ e.cname }}_valid(uint64_t v)
{
	return {{ e.cname }}_str(v) != NULL;
}

""", ""),
("""	if (ret)
		return ret;
	memset(out, 0, sizeof(*out));
	{{ s.base }}_read(buf, len, out);""",
"""	if (ret)
		return ret;
{% if not s.ops or s.ops|rejectattr('op', 'in', ['run', 'bytes'])|list %}
	memset(out, 0, sizeof(*out));
{% endif %}
	{{ s.base }}_read(buf, len, out);"""),
("""int {{ s.cname }}_size(const struct {{ s.cname }} *msg, size_t *size)
{
	size_t off = 0;
{{ decl_locals({'locals': []}, s.loops_measure, s.ret_measure) }}""",
"""static inline int {{ s.base }}_size_of(const struct {{ s.cname }} *msg,
					size_t *size)
{
	size_t off = 0;
{{ decl_locals({'locals': []}, s.loops_measure, s.ret_measure) }}"""),
("""	*size = off;
	return 0;
}

int {{ s.cname }}_encode(const struct {{ s.cname }} *msg, void *buf,
	size_t cap)
{
	uint8_t *p = buf;
	size_t size;
	size_t off = 0;
{{ decl_locals({'locals': []}, s.loops_write, false) }}
	int ret = {{ s.cname }}_size(msg, &size);""",
"""	*size = off;
	return 0;
}

int {{ s.cname }}_size(const struct {{ s.cname }} *msg, size_t *size)
{
	return {{ s.base }}_size_of(msg, size);
}

int {{ s.cname }}_encode(const struct {{ s.cname }} *msg, void *buf,
	size_t cap)
{
	uint8_t *p = buf;
	size_t size;
	size_t off = 0;
{{ decl_locals({'locals': []}, s.loops_write, false) }}
	int ret = {{ s.base }}_size_of(msg, &size);"""),
])

p = os.path.join(root, 'runtime/include/gunyah_rm/wire.h'); s = open(p).read()
for bits in (16, 32, 64):
    m = re.search(r"static inline uint%d_t gunyah_rm_get_le%d\(const uint8_t \*p\)\n\{\n(.*?)\n\}\n" % (bits, bits), s, re.S)
    s = s.replace(m.group(0), "static inline uint%d_t gunyah_rm_get_le%d(const uint8_t *p)\n{\n#if GUNYAH_RM_LE_HOST\n\tuint%d_t v;\n\n\tmemcpy(&v, p, sizeof(v));\n\treturn v;\n#else\n%s\n#endif\n}\n" % (bits, bits, bits, m.group(1)))
    m = re.search(r"static inline void gunyah_rm_put_le%d\(uint8_t \*p, uint%d_t v\)\n\{\n(.*?)\n\}\n" % (bits, bits), s, re.S)
    s = s.replace(m.group(0), "static inline void gunyah_rm_put_le%d(uint8_t *p, uint%d_t v)\n{\n#if GUNYAH_RM_LE_HOST\n\tmemcpy(p, &v, sizeof(v));\n#else\n%s\n#endif\n}\n" % (bits, bits, m.group(1)))
open(p, 'w').write(s)
edit('runtime/include/gunyah_rm/wire.h', [
("""#include "overflow.h"
""", """#include "overflow.h"

/*
 * On little-endian hosts a wire integer is loaded and stored with memcpy(),
 * which compilers turn into one move (safe for any alignment); GCC does not
 * always merge the byte-wise stores below into one (they may alias).
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define GUNYAH_RM_LE_HOST 1
#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif
#else
#define GUNYAH_RM_LE_HOST 0
#endif
"""),
("""int gunyah_rm_verr_truncated(struct gunyah_rm_verr *err, const char *payload,
			     const struct gunyah_rm_span *spans, size_t n,
			     size_t off, size_t len);""",
"""void gunyah_rm_verr_truncated_record(struct gunyah_rm_verr *err,
				     const char *payload,
				     const struct gunyah_rm_span *spans,
				     size_t n, size_t off, size_t len);

/*
 * Inline so that callers see the constant result: a decoder that tests the
 * validator's result then needs no stack frame on its fast path.
 */
static inline int gunyah_rm_verr_truncated(struct gunyah_rm_verr *err,
					   const char *payload,
					   const struct gunyah_rm_span *spans,
					   size_t n, size_t off, size_t len)
{
	gunyah_rm_verr_truncated_record(err, payload, spans, n, off, len);
	return -EBADMSG;
}"""),
])
edit('runtime/src/wire.c', [
(" * gunyah_rm_verr_truncated() - Report a payload that ends inside a run.",
 " * gunyah_rm_verr_truncated_record() - Record a payload that ends in a run."),
(" * Names the first field of the run that does not fit.\n *\n * Return: -EBADMSG.\n",
 " * Names the first field of the run that does not fit. Callers use the\n * inline gunyah_rm_verr_truncated(), which returns -EBADMSG.\n"),
("""int gunyah_rm_verr_truncated(struct gunyah_rm_verr *err, const char *payload,
			     const struct gunyah_rm_span *spans, size_t n,
			     size_t off, size_t len)
{""", """void gunyah_rm_verr_truncated_record(struct gunyah_rm_verr *err,
				     const char *payload,
				     const struct gunyah_rm_span *spans,
				     size_t n, size_t off, size_t len)
{"""),
("""	return gunyah_rm_verr_set(err, GUNYAH_RM_VERR_TRUNCATED, payload,
				  spans[i].name, off + start);
}""", """	gunyah_rm_verr_set(err, GUNYAH_RM_VERR_TRUNCATED, payload,
			   spans[i].name, off + start);
}"""),
])
print("applied")
