#include "config.h"
#include "fuzz.h"
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("kieumau-fuzz", MFD_CLOEXEC);
		FUZZ_CHECK(fd >= 0, "memfd_create: %s", strerror(errno));
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	FUZZ_CHECK(ftruncate(fd, 0) == 0, "ftruncate: %s", strerror(errno));
	for (size_t off = 0; off < size;) {
		ssize_t w = pwrite(fd, data + off, size - off, (off_t)off);
		FUZZ_CHECK(w > 0 || errno == EINTR, "pwrite: %s", strerror(errno));
		if (w > 0)
			off += (size_t)w;
	}
	return path;
}

bool fuzz_no_controls(const char *s, const char *allowed)
{
	const unsigned char *p = (const unsigned char *)s;
	for (; *p; p++) {
		if ((*p < 0x20 || *p == 0x7F) && !strchr(allowed, *p))
			return false;
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return false;
	}
	return true;
}

bool fuzz_valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		int n;
		if (*p < 0x80) {
			p++;
			continue;
		} else if ((*p & 0xE0) == 0xC0) {
			n = 1, cp = *p & 0x1F;
		} else if ((*p & 0xF0) == 0xE0) {
			n = 2, cp = *p & 0x0F;
		} else if ((*p & 0xF8) == 0xF0) {
			n = 3, cp = *p & 0x07;
		} else {
			return false;
		}
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		static const uint32_t min[] = { 0, 0x80, 0x800, 0x10000 };
		if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += n + 1;
	}
	return true;
}
