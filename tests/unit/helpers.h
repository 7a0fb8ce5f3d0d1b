/* Shared set-up for the unit tests that need a database: a fresh file in its own temporary
 * directory, opened and seeded with the default data (data/areas.csv, data/criteria/). */
#ifndef KM_TEST_HELPERS_H
#define KM_TEST_HELPERS_H
#include <stdint.h>
#include "storage/db.h"

/* The database of the current test (set by tdb_setup) and the directory holding it. */
extern km_db *tdb;
extern char tdb_dir[];

/* The source tree: $KM_SRCDIR, else ".". */
const char *test_srcdir(void);
/* dir + "/" + name, malloc'd. */
char *test_join(const char *dir, const char *name);

/* Criterion .init / .fini: a new temporary directory, kieumau.db opened and seeded; closed and
 * removed with everything in the directory. */
void tdb_setup(void);
void tdb_teardown(void);
/* Path of the current test's database file (static storage). */
const char *tdb_file(void);
/* Another connection to the same file (the caller closes it). */
km_db *tdb_open_again(void);

/* The area a user would find with spec (code, name or path); fails the test if none. */
int64_t tdb_area(const char *spec);
/* Adds a village (user action) under the area found by parent_spec; fails the test on error. */
int64_t tdb_add_village(const char *parent_spec, const char *name);
/* A single integer from sql (a query of one row, one column); fails the test on error. */
int64_t tdb_int(km_db *db, const char *sql);
#endif
