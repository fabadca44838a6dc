/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* The C library includes this header too: the system's comes first. */
#include_next <linux/errno.h>
#include "kshim.h"
