/* SPDX-License-Identifier: BSD-3-Clause */
/* Wiping what callees left on the stack. */
#include <string.h>

#include "vc_wire.h"

/*
 * Key schedules and key copies made by a cryptodev PMD or its library
 * while a session is built stay in their dead stack frames until
 * something deeper overwrites them. Called right after such a call, our
 * frame starts where theirs did.
 */
__attribute__((noinline)) void
vc_stack_scrub(void)
{
	uint8_t buf[VC_STACK_SCRUB_BYTES];

	explicit_bzero(buf, sizeof(buf));
	/* Keep buf (and its wipe) even though nothing reads it. */
	__asm__ __volatile__("" : : "r"(buf) : "memory");
}
