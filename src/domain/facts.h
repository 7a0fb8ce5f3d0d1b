/* Facts about an area for a year: the bases that criteria are measured against (households,
 * population, road length ...) and the area type (KV1, KV2) that picks a criterion's threshold.
 * "182 of 200 households" becomes 91% through the households fact. */
#ifndef KM_FACTS_H
#define KM_FACTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct km_db;

#define KM_AREA_TYPE_MAX 8   /* characters of an area type code (letters and digits: KV1) */

typedef enum fact_type {
	FACT_INTEGER,     /* a whole number >= 0 (households, population) */
	FACT_NUMBER,      /* a number >= 0 (km of road) */
	FACT_AREA_TYPE,   /* a short code such as KV1, KV2: letters and digits, stored upper-case */
} fact_type;

typedef struct fact_def {
	const char *key;      /* "households" */
	const char *label;    /* msgid: "Households" */
	const char *unit;     /* "hộ", "km", NULL */
	fact_type type;
} fact_def;

/* The facts known to the program, in display order (households, population, residents,
 * area_type, road_km, lane_km). */
const fact_def *fact_defs(size_t *n);
/* A known fact, or NULL. */
const fact_def *fact_def_find(const char *key);

typedef struct fact_value {
	char *key;
	bool is_text;           /* area_type */
	double num;
	char *text;
	char *updated_by;
	char *updated_at;
} fact_value;

typedef struct area_facts {
	int64_t area_id;
	int year;
	fact_value *values;
	size_t n;
} area_facts;

/* The facts recorded for an area and year (only those that have a value). */
int facts_load(struct km_db *db, int64_t area_id, int year, area_facts *out);
void facts_free(area_facts *f);
/* A numeric fact; false if not recorded. */
bool facts_number(const area_facts *f, const char *key, double *value);
/* The area type ("KV1"), or NULL if not recorded. */
const char *facts_area_type(const area_facts *f);

/* The keys a user may set: the known facts, and every base that a stored criteria set refers to
 * (a set may measure against a base the program does not know). malloc'd array of malloc'd
 * strings. */
int facts_allowed_keys(struct km_db *db, char ***keys, size_t *n);

/* Sets one fact from what a user typed (Vietnamese number forms: "1.200", "12,5"; area types
 * "kv1" -> "KV1"); text NULL or empty removes it. One transaction. On a refused value returns -1
 * with the reason in db_error(db) and nothing written. */
int facts_set(struct km_db *db, int64_t area_id, int year, const char *key, const char *text);
/* Whether facts_set would accept key and text (the same rules, nothing written); false with the
 * reason in err. Lets a caller check several values before setting any. */
bool facts_check(struct km_db *db, const char *key, const char *text, char *err, size_t cap);
#endif
