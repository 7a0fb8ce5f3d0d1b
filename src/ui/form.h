/* A form: several labelled fields edited in one screen, for entries with more than one value
 * (a decision, a commendation, a resource entry). Tab / Down and Shift-Tab / Up move between
 * fields; a choice field cycles its options with Left/Right or Space (or takes typed text when
 * it allows free text); Enter checks every field and saves through the caller's callback; a
 * refused field shows its reason beside it and keeps everything typed; Esc asks before throwing
 * typed text away. */
#ifndef KM_FORM_H
#define KM_FORM_H
#include <stdbool.h>
#include <stddef.h>

struct tui;

typedef enum form_field_kind {
	FIELD_TEXT,        /* free text */
	FIELD_DATE,        /* dd/mm/yyyy, checked by vn_parse_date */
	FIELD_NUMBER,      /* Vietnamese number, checked by vn_parse_number */
	FIELD_MONEY,       /* đồng: 1.500.000, 1,5 triệu, 2 tỷ */
	FIELD_CHOICE,      /* one of options[] (index in choice); free text too if free_text */
} form_field_kind;

typedef struct form_field {
	const char *label;           /* translated */
	form_field_kind kind;
	bool required;
	char *text;                  /* malloc'd current text (the caller may preset it) */
	const char *const *options;  /* FIELD_CHOICE: labels shown */
	int noptions;
	int choice;                  /* FIELD_CHOICE: selected index, -1 if none */
	bool free_text;              /* FIELD_CHOICE: any text may be typed instead */
	const char *hint;            /* shown dimmed after the field when it is empty, may be NULL */
	char error[160];             /* set by the form or the caller's save: shown beside the field */
} form_field;

/* Called on Enter once every field passed its own checks (required, date, number, money): saves,
 * or sets fields[i].error (and returns false) to refuse. */
typedef bool (*form_save)(void *ctx, form_field *fields, int n, char *message, size_t cap);

/* Runs the form until saved (true) or abandoned (false). Field texts stay in fields (the caller
 * frees them with form_fields_free). */
bool form_run(struct tui *t, const char *title, form_field *fields, int n, form_save save, void *ctx);
void form_fields_free(form_field *fields, int n);
/* Parsed helpers for the save callback. */
bool form_date_iso(const form_field *f, char *iso, size_t cap);        /* "" -> false */
bool form_money(const form_field *f, double *dong);                    /* "" -> false */
#endif
