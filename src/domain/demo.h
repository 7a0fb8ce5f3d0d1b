/* Illustrative demo data: villages for every commune and five years of assessments and
 * recognitions, consistent with the directive's figures (32 model areas in 2021, 12 of them
 * recognised by the province). Deterministic: the same seed gives the same data. */
#ifndef KM_DEMO_H
#define KM_DEMO_H
#include <stdbool.h>

struct km_db;

#define DEMO_FIRST_YEAR 2021
#define DEMO_LAST_YEAR 2025

/* Fills the database. Refuses (error set) when it holds users' data, unless force; earlier demo
 * data is replaced. */
int demo_fill(struct km_db *db, bool force);
/* True when the database holds demo data. */
int demo_present(struct km_db *db, bool *yes);
#endif
