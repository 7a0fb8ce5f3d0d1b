/* The default data every new database starts with: the area hierarchy of data/areas.csv and the
 * criteria sets of data/criteria/ (the shipped one is illustrative). */
#ifndef KM_SEED_H
#define KM_SEED_H
#include <stdbool.h>

struct km_db;

/* Loads the defaults once (remembered in meta); a no-op on a database that has them. */
int seed_defaults(struct km_db *db, const char *datadir);

/* True when the database holds nothing but the defaults (no user or demo data). */
int seed_only_defaults(struct km_db *db, bool *yes);
#endif
