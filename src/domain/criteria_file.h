/* Reading a criteria set from its INI file (format: doc/criteria-format.md). The whole file is
 * validated: every problem is reported with its line, and a file with any problem yields no set. */
#ifndef KM_CRITERIA_FILE_H
#define KM_CRITERIA_FILE_H
#include <stdbool.h>
#include "domain/criteria.h"
#include "util/strbuf.h"

/* Parses path into *out. On failure returns false, appends "PATH:LINE: message\n" lines to
 * errors (one per problem, all of them) and leaves *out empty. */
bool criteria_file_read(const char *path, criteria_set *out, strbuf *errors);
#endif
