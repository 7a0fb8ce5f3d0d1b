/* Shared by the libFuzzer targets (tests/fuzz/fuzz_*.c) and their replay driver (replay.c).
 * A target defines LLVMFuzzerTestOneInput and may define LLVMFuzzerInitialize; it checks
 * properties of what it parsed with FUZZ_CHECK, which aborts (a crash libFuzzer records). */
#ifndef KM_FUZZ_H
#define KM_FUZZ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A failed property: says which and where, then aborts so that the input is kept. */
#define FUZZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

/* The input as a NUL-terminated string (cut at its first NUL byte); malloc'd. */
char *fuzz_string(const uint8_t *data, size_t size);

/* Path of a file holding exactly data (an in-memory file, reused from run to run): for the
 * parsers that read files. Valid until the next call. */
const char *fuzz_file(const uint8_t *data, size_t size);

/* True if s holds no C0 control, DEL or C1 control (the UTF-8 of U+0080-U+009F), except the
 * characters listed in allowed (e.g. "\n"). */
bool fuzz_no_controls(const char *s, const char *allowed);

/* True if s is valid UTF-8 (checked independently of src/util/text.c). */
bool fuzz_valid_utf8(const char *s);
#endif
