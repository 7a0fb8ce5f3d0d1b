/* Judging criteria for a village and a year: the checklist and each change to it. Every change
 * is its own short transaction and leaves a line in the assessment history. */
#ifndef KM_ASSESSMENT_H
#define KM_ASSESSMENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/criteria.h"
#include "domain/facts.h"

struct km_db;

typedef enum stage { STAGE_SELF, STAGE_APPRAISAL, STAGE_COUNT } stage;

const char *stage_key(stage s);          /* "self", "appraisal" */
int stage_from_key(const char *key);     /* -1 if unknown */
const char *stage_label(stage s);        /* translated */

typedef struct judgement {
	bool assessed;           /* false: not assessed (no other field is meaningful) */
	bool met;
	bool has_value;          /* percent, count, rating (the level's index) */
	double value;
	bool has_fraction;       /* a percentage entered as part of base */
	double part, base;
	char *evidence;
	char *judged_by;
	char *judged_on;         /* yyyy-mm-dd */
} judgement;

void judgement_free(judgement *j);

typedef struct checklist_item {
	const criterion_def *crit;      /* points into the checklist's set */
	const criteria_group *group;
	judgement j[STAGE_COUNT];
	char *org;                      /* in charge here: the area's choice, else the set's; or NULL */
	bool org_overridden;
	/* Judged at both stages, met at one and not at the other: the "on paper, not on
	 * substance" signal the directive asks to catch. */
	bool disagree;
} checklist_item;

typedef struct checklist {
	int64_t area_id;
	int year;
	bool has_set;                   /* false: no criteria set applies to the year */
	criteria_set set;
	checklist_item *items;          /* in the set's order, grouped */
	size_t n;
	int met[STAGE_COUNT], assessed[STAGE_COUNT];
	int required_missing[STAGE_COUNT];   /* required criteria not met (or not assessed) */
	int without_evidence[STAGE_COUNT];   /* judged, but with no evidence written */
	int disagreements;
	area_facts facts;                    /* the area's facts for the year */
	const char *area_type;               /* from the facts ("KV1"), NULL if not recorded */
} checklist;

/* Eligible for the title: every required criterion met at the appraisal stage. */
bool checklist_eligible(const checklist *cl);

/* Loads the criteria of the year's set with the area's judgements. The area must be a village
 * or residential group. */
int checklist_load(struct km_db *db, int64_t area_id, int year, checklist *out);
void checklist_free(checklist *cl);
/* Index of the item with that criterion code (case-insensitive), or -1. */
int checklist_find(const checklist *cl, const char *code);

/* Reads a value typed for criterion c: a percentage ("91,5", "91,5%") or a part of a base
 * ("182/200"), a count ("3"), a rating (a level's name, tone marks optional, or its number from
 * 1), or for yes/no "đạt/có/yes/1" and "không/chưa/no/0". Fills value fields and met (against
 * the threshold for area_type, NULL if unknown). false with *err (an untranslated message id,
 * or a translated message in errbuf when errbuf is used) when the text is not acceptable. */
bool assessment_parse(const criterion_def *c, const char *text, const char *area_type,
		      judgement *out, char *errbuf, size_t errcap);

/* Like assessment_parse, for a criterion of the checklist: thresholds by the area's type, and a
 * percentage typed as "182/" (or "182 hộ") taken as a part of the area's recorded base. */
bool checklist_parse(const checklist *cl, const criterion_def *c, const char *text, judgement *out,
		     char *errbuf, size_t errcap);

/* Writes a judgement (NULL clears it: "not assessed") as one transaction, with its history line.
 * Binds the year to the criterion's set if the year had no set yet; refuses a criterion of
 * another set than the year's. */
int assessment_write(struct km_db *db, int64_t area_id, int year, const criterion_def *c, stage s,
		     const judgement *j);

/* Space on a yes/no criterion: not assessed -> met -> not met -> met ... */
int assessment_toggle(struct km_db *db, int64_t area_id, int year, const criterion_def *c, stage s,
		      const judgement *current);

/* The value as shown: "91,5%", "182/200 (91%)", "3", "Khá"; empty when none. */
void judgement_value_text(const criterion_def *c, const judgement *j, char *buf, size_t cap);

/* Writes the evidence of an existing judgement (empty or NULL removes it), with its history
 * line. Refused when the criterion is not judged at that stage. */
int assessment_set_evidence(struct km_db *db, int64_t area_id, int year, const criterion_def *c,
			    stage s, const char *text);

/* Sets who is in charge of a criterion in an area (NULL or empty: back to the set's default). */
int assessment_set_org(struct km_db *db, int64_t area_id, const criterion_def *c, const char *org);

/* Recomputes met/not met of the area's valued judgements for the year from the current facts
 * (the area type picks thresholds). Inside the caller's transaction. */
int assessment_reevaluate(struct km_db *db, int64_t area_id, int year);

typedef struct history_entry {
	int year;
	int64_t criterion_id;
	char *code;                     /* the criterion's code */
	stage stage;
	bool old_assessed, old_met, old_has_value;
	double old_value;
	bool new_assessed, new_met, new_has_value;
	double new_value;
	char *old_evidence, *new_evidence;
	char *by;
	char *at;                       /* UTC, yyyy-mm-ddThh:mm:ssZ */
} history_entry;

/* Changes to an area's judgements, newest first; year 0 = every year, criterion_id 0 = every
 * criterion. */
int assessment_history(struct km_db *db, int64_t area_id, int year, int64_t criterion_id,
		       history_entry **out, size_t *n);
void history_free(history_entry *list, size_t n);

/* The newest year that has any assessment, or 0. */
int assessment_latest_year(struct km_db *db, int *year);
#endif
