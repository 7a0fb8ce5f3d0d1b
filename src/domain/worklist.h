/* The worklist: what is due or late in a part of the hierarchy, as of a day. */
#ifndef KM_WORKLIST_H
#define KM_WORKLIST_H
#include <stddef.h>
#include <stdint.h>

struct km_db;

typedef enum work_kind {
	WORK_NOT_SELF_ASSESSED,      /* registered, self-assessment not done */
	WORK_NOT_APPRAISED,          /* self-assessed more than appraisal_days ago, not appraised */
	WORK_NOT_RECOGNISED,         /* eligible (criteria met at appraisal, with evidence), no decision */
	WORK_NOT_COMMENDED,          /* recognised more than commendation_days ago, no commendation */
	WORK_RECHECK_DUE,            /* recognised in an earlier year, not revoked, not re-checked this year */
	WORK_KIND_COUNT
} work_kind;

const char *work_kind_key(work_kind k);      /* "not_self_assessed" ... (CSV) */
const char *work_kind_label(work_kind k);    /* translated */

typedef struct work_settings {
	int appraisal_days;          /* default 30 */
	int commendation_days;       /* default 30 */
} work_settings;

typedef struct work_item {
	work_kind kind;
	int64_t area_id;
	char *area_code;
	char *area_path;             /* "Đơn Dương › Lạc Xuân › Thôn 1" (below the province) */
	int year;
	char *since;                 /* yyyy-mm-dd: the date the wait started (registration, step, decision) */
	int days;                    /* days waited as of today (0 when not dated) */
	int days_late;               /* days beyond the allowed delay (0 if not late) */
} work_item;

/* Items for the villages at or below scope (0: everywhere) for the year, as of today
 * (yyyy-mm-dd), grouped by kind in the order above, then longest waiting first. */
int worklist_build(struct km_db *db, int64_t scope_area_id, int year, const char *today,
		   const work_settings *s, work_item **out, size_t *n);
void worklist_free(work_item *list, size_t n);
#endif
