/* The yearly recognition cycle of a residential area: registration for a title, dated steps
 * (self-assessment done, commune appraisal done, district inspection done), recognition by a
 * decision (refused unless every required criterion is met at appraisal, with evidence),
 * revocation by a decision, and the yearly re-check of recognised areas. Dates are yyyy-mm-dd in
 * the database and in these structs; callers parse and show dd/mm/yyyy (util/vnum.h). */
#ifndef KM_CYCLE_H
#define KM_CYCLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/strbuf.h"

struct km_db;

typedef enum title_kind { TITLE_EXEMPLARY, TITLE_MODEL, TITLE_COUNT } title_kind;
typedef enum cycle_step_kind { STEP_SELF_ASSESSED, STEP_APPRAISED, STEP_INSPECTED, STEP_COUNT } cycle_step_kind;
typedef enum recog_level { LEVEL_DISTRICT, LEVEL_PROVINCE, RECOG_LEVEL_COUNT } recog_level;
typedef enum recheck_result { RECHECK_MAINTAINED, RECHECK_IMPROVED, RECHECK_NOT_MAINTAINED, RECHECK_COUNT } recheck_result;

const char *title_key(title_kind t);            /* "exemplary", "model" */
int title_from_key(const char *key);            /* -1 if unknown */
const char *title_label(title_kind t);          /* translated: "khu dân cư tiêu biểu" ... */
const char *step_key(cycle_step_kind s);        /* "self_assessed", "appraised", "inspected" */
int step_from_key(const char *key);             /* accepts "self-assessed" too; -1 if unknown */
const char *step_label(cycle_step_kind s);      /* translated */
const char *recog_level_key(recog_level l);     /* "district", "province" */
int recog_level_from_key(const char *key);
const char *recog_level_label(recog_level l);
const char *recheck_key(recheck_result r);      /* "maintained", "improved", "not_maintained" */
int recheck_from_key(const char *key);          /* accepts "not-maintained" too */
const char *recheck_label(recheck_result r);

typedef struct cycle_step_info {
	bool done;
	char *done_on;          /* yyyy-mm-dd */
	char *done_by;
	char *note;
} cycle_step_info;

typedef struct recognition_info {
	int64_t id;             /* 0: none */
	title_kind title;
	recog_level level;
	char *decision_no, *decision_date, *issuer;
	bool revoked;
	char *revoked_decision_no, *revoked_on, *revoke_reason;
} recognition_info;

/* One area's cycle for one year. */
typedef struct cycle {
	int64_t area_id;
	int year;
	bool registered;
	title_kind title;
	char *registered_on, *registration_note;
	cycle_step_info steps[STEP_COUNT];
	recognition_info recognition;       /* of this year */
	bool recheck_done;                  /* the re-check of this year (for an earlier title) */
	recheck_result recheck;
	char *recheck_on, *recheck_note;
	int awards;                         /* commendations linked to this year's recognition */
} cycle;

int cycle_load(struct km_db *db, int64_t area_id, int year, cycle *out);
void cycle_free(cycle *c);

/* Each a user's confirmed action, one transaction, refused with a clear message (db_error) when
 * it does not apply: the area must be a village or residential group; dates yyyy-mm-dd. */
int cycle_register(struct km_db *db, int64_t area_id, int year, title_kind title, const char *date,
		   const char *note);
int cycle_unregister(struct km_db *db, int64_t area_id, int year);   /* refused once recognised */
/* A step needs the registration; appraisal needs the self-assessment, inspection the appraisal;
 * a step's date cannot precede the step before it. */
int cycle_step_done(struct km_db *db, int64_t area_id, int year, cycle_step_kind step,
		    const char *date, const char *note);
int cycle_step_undo(struct km_db *db, int64_t area_id, int year, cycle_step_kind step);

/* What stands between an area and recognition for the year: one line per missing thing (not
 * registered, required criteria not met at appraisal or without evidence, by code and name).
 * Returns 0 and an empty text when it is eligible. */
int cycle_missing(struct km_db *db, int64_t area_id, int year, strbuf *missing);
/* Recognition by a decision; refused with every missing thing listed (cycle_missing), or when
 * already recognised for the year. *id receives the recognition's id. */
int cycle_recognise(struct km_db *db, int64_t area_id, int year, recog_level level,
		    const char *decision_no, const char *decision_date, const char *issuer, int64_t *id);
/* Revokes the area's recognition of that year (decision, date, reason all required). */
int cycle_revoke(struct km_db *db, int64_t area_id, int year, const char *decision_no,
		 const char *date, const char *reason);
/* The yearly re-check: for an area recognised in an earlier year and not revoked. */
int cycle_recheck(struct km_db *db, int64_t area_id, int year, recheck_result result,
		  const char *date, const char *note);

/* The history of an area's titles over the years, oldest first. */
typedef struct title_event {
	int year;
	char *date;             /* yyyy-mm-dd */
	enum { EV_REGISTERED, EV_RECOGNISED, EV_REVOKED, EV_RECHECKED } kind;
	char *text;             /* translated one-line description */
} title_event;
int cycle_title_history(struct km_db *db, int64_t area_id, title_event **out, size_t *n);
void title_events_free(title_event *list, size_t n);
#endif
