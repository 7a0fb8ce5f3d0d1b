/* Criteria sets: groups of criteria with a measure, a threshold and the rule that makes a value
 * "met". A set is data (a file under data/criteria/), stored in the database, bound to years. */
#ifndef KM_CRITERIA_H
#define KM_CRITERIA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/strbuf.h"

struct km_db;

typedef enum measure_kind {
	MEASURE_YESNO,    /* met / not met */
	MEASURE_PERCENT,  /* a share of a base (households, km of road), 0-100 */
	MEASURE_COUNT,    /* a whole number */
	MEASURE_RATING,   /* one level of a named, ordered scale */
	MEASURE_COUNT_KINDS
} measure_kind;

typedef enum cmp_op { CMP_GE, CMP_GT, CMP_LE, CMP_LT, CMP_EQ, CMP_COUNT } cmp_op;

#define KM_MAX_AREA_TYPES 4
#define KM_MAX_LEVELS 8

typedef struct criterion_def {
	int64_t id;              /* 0 until stored */
	char *code;              /* "KT01" */
	char *name;
	char *group_code;        /* the group it belongs to */
	measure_kind measure;
	cmp_op cmp;
	bool has_threshold;      /* yes/no criteria have none: met is met */
	double threshold;        /* for a rating: the index (0-based) of the lowest level that passes */
	/* Thresholds that differ by area type ("KV1", "KV2"); used instead of threshold when the
	 * area's type is known and listed. */
	int n_area_thresholds;
	char *area_type[KM_MAX_AREA_TYPES];
	double area_threshold[KM_MAX_AREA_TYPES];
	char *unit;              /* "%", "hộ", NULL */
	char *base;              /* what a percentage is of: "households", "road_km", NULL */
	bool required;
	char *org;               /* organisation in charge by default, may be NULL */
	int nlevels;             /* rating scale, lowest first */
	char *levels[KM_MAX_LEVELS];
	int line;                /* where it was defined in its file (0 if not from a file) */
} criterion_def;

typedef struct criteria_group {
	int64_t id;
	char *code;              /* "1" */
	char *name;
} criteria_group;

typedef struct criteria_set {
	int64_t id;
	char *code;              /* unique, e.g. "minh-hoa-2021" */
	char *name;
	char *decision_no, *decision_date, *issuer;   /* may be NULL; date as yyyy-mm-dd */
	int year_from, year_to;  /* year_to 0 = open-ended */
	bool illustrative;
	criteria_group *groups;
	size_t ngroups;
	criterion_def *criteria; /* in display order */
	size_t ncriteria;
} criteria_set;

void criteria_set_free(criteria_set *set);

const char *measure_key(measure_kind m);            /* "yesno", "percent", "count", "rating" */
int measure_from_key(const char *key);              /* -1 if unknown */
const char *cmp_symbol(cmp_op c);                   /* ">=", ... */
const char *cmp_display(cmp_op c);                  /* "≥", ... */
int cmp_from_symbol(const char *s);                 /* -1 if unknown */

/* The threshold that applies to an area of the given type (NULL = unknown). With per-type
 * thresholds and an unknown type, the strictest one applies. */
double criterion_threshold_for(const criterion_def *c, const char *area_type);
/* Whether value meets the criterion for that area type. */
bool criterion_met_by(const criterion_def *c, double value, const char *area_type);

/* "≥ 90%", "KV1 ≥ 70%, KV2 ≥ 90%", "Đạt", "≥ Khá" for display. */
void criterion_describe_threshold(const criterion_def *c, char *buf, size_t cap);

/* Stores a parsed set (fails if its code exists). Inside the caller's transaction. */
int criteria_store(struct km_db *db, criteria_set *set);
/* Loads a stored set with its groups and criteria. */
int criteria_load(struct km_db *db, int64_t set_id, criteria_set *out);
/* The set bound to a year: explicitly bound, or else the newest set whose years cover it.
 * Returns 0 and *set_id = 0 when none applies. */
int criteria_set_for_year(struct km_db *db, int year, int64_t *set_id);
/* Binds a year to a set (inside the caller's transaction). */
int criteria_bind_year(struct km_db *db, int year, int64_t set_id);

/* Imports a criteria set file: the whole file is validated first (every problem, with its line,
 * appended to errors) and nothing is stored unless all of it is valid; a set whose code is
 * already stored is refused. One transaction. *set_id receives the new set's id. */
int criteria_import(struct km_db *db, const char *path, strbuf *errors, int64_t *set_id);

typedef struct criteria_set_info {
	int64_t id;
	char *code, *name, *decision_no, *decision_date, *issuer;
	int year_from, year_to;         /* year_to 0 = open-ended */
	bool illustrative;
	int ncriteria;
	char *years_bound;              /* "2021, 2022" : years explicitly bound to it, or "" */
} criteria_set_info;

/* Every stored set, newest first. */
int criteria_list(struct km_db *db, criteria_set_info **out, size_t *n);
void criteria_infos_free(criteria_set_info *list, size_t n);
/* Finds a stored set by its code. */
int criteria_find(struct km_db *db, const char *code, int64_t *set_id);

/* Binds a year to a set as a user's decision (one transaction). Refused when the year already
 * has assessments made against another set, unless force; assessments made earlier keep
 * pointing at the criteria they were made against. Refused when the set's years do not cover
 * the year, unless force. */
int criteria_bind_year_checked(struct km_db *db, int year, int64_t set_id, bool force);
#endif
