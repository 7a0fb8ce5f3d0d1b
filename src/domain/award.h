/* Commendations: a decision (number, date, issuing body, level) giving a form (Giấy khen, Bằng
 * khen ...) to a recipient (a residential area, a household, a person, an organisation, a
 * commune) of an area, with an optional cash amount in đồng, linked to the recognition it rewards
 * when there is one. */
#ifndef KM_AWARD_H
#define KM_AWARD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct km_db;

typedef enum recipient_kind {
	RECIPIENT_AREA, RECIPIENT_HOUSEHOLD, RECIPIENT_PERSON, RECIPIENT_ORGANISATION, RECIPIENT_COMMUNE,
	RECIPIENT_KIND_COUNT
} recipient_kind;

typedef enum award_level {
	AWARD_COMMUNE, AWARD_DISTRICT, AWARD_PROVINCE, AWARD_MINISTRY, AWARD_NATIONAL, AWARD_LEVEL_COUNT
} award_level;

const char *recipient_kind_key(recipient_kind k);   /* "area", "household" ... */
int recipient_kind_from_key(const char *key);       /* -1 if unknown */
const char *recipient_kind_label(recipient_kind k);  /* translated */
const char *award_level_key(award_level l);          /* "commune" ... "national" */
int award_level_from_key(const char *key);
const char *award_level_label(award_level l);
/* Common forms, offered when entering one (any other text is accepted too). */
const char *const *award_common_forms(size_t *n);

typedef struct award {
	int64_t id;                  /* 0 for a new one */
	recipient_kind kind;
	char *recipient;
	int64_t area_id;
	char *form;
	char *issuer;                /* may be NULL */
	award_level level;
	char *decision_no;
	char *decision_date;         /* yyyy-mm-dd */
	char *reason;                /* or campaign; may be NULL */
	bool has_amount;
	double amount;               /* đồng */
	char *note;
	int64_t recognition_id;      /* 0: none */
	char *area_name;             /* filled by award_list: the area's name */
	int64_t version;             /* set by award_get: the last change seen; an edit saved over a
				      * newer change is refused (someone else changed it meanwhile) */
} award;

void award_free(award *a);
void awards_free(award *list, size_t n);

/* Validates and stores (a new one when a->id is 0, else an edit); one transaction. Texts are
 * cleaned (text_sanitize); required: recipient, form, decision number and date. When
 * recognition_id is 0 and the recipient is the area itself, the recognition of the area in the
 * decision's year (or the year before) is linked if there is one. *id receives the id. */
int award_save(struct km_db *db, award *a, int64_t *id);
int award_delete(struct km_db *db, int64_t id);
int award_get(struct km_db *db, int64_t id, award *out);

typedef struct award_filter {
	int64_t scope_area_id;       /* 0: everywhere; else the area and everything below it */
	int year;                    /* 0: any; else the decision's year */
	int level;                   /* -1: any; else an award_level */
	int kind;                    /* -1: any; else a recipient_kind */
	const char *form;            /* NULL: any; else matched ignoring tone marks and case */
} award_filter;

/* Matching awards, newest decision first. */
int award_list(struct km_db *db, const award_filter *f, award **out, size_t *n);
#endif
