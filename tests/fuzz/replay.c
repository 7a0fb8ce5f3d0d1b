/* Replays inputs through a fuzz target without libFuzzer, built with the normal compiler (and
 * the sanitizers under --enable-sanitizers): the seed corpus and the reproducers of fixed bugs
 * run as regression tests in make check. Usage: replay-NAME DIR|FILE...; every regular file of
 * each directory is one input, in name order. Prints "# FILE" before each input, so the last
 * line names the input that crashed; exits 0 after "ran N inputs". */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

static size_t ran;

static void run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	size_t cap = 4096, n = 0, got;
	uint8_t *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (!buf || ferror(fp)) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		exit(2);
	}
	fclose(fp);
	printf("# %s\n", path);
	fflush(stdout);
	/* An exact-size copy, so that AddressSanitizer sees a read past the end of the input. */
	uint8_t *exact = malloc(n ? n : 1);
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	ran++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void run_dir(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		fprintf(stderr, "replay: cannot list %s: %s\n", dir, strerror(errno));
		exit(2);
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
		char *path = malloc(len);
		snprintf(path, len, "%s/%s", dir, names[i]->d_name);
		struct stat st;
		if (names[i]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode))
			run_file(path);
		free(path);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			run_dir(argv[i]);
		else
			run_file(argv[i]);
	}
	printf("ran %zu inputs\n", ran);
	return 0;
}
