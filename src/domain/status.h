/* The status table: for an area and a year, one row per child unit (the communes of a district,
 * the villages of a commune) and a totals row. Computed in a few aggregate queries over the
 * whole subtree, not a query per village. */
#ifndef KM_STATUS_H
#define KM_STATUS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/target.h"

struct km_db;

typedef struct status_row {
	int64_t area_id;              /* 0 for the totals row */
	char *code, *name;
	bool is_village;              /* a village row (the table of a commune) */
	int villages;                 /* villages and residential groups at or below it */
	int registered;               /* registered for the year's title */
	int self_assessed;            /* self-assessment step done */
	int eligible;                 /* every required criterion met at appraisal, with evidence */
	int recognised_district, recognised_province;   /* recognised in the year, not revoked */
	int criteria_met, criteria_total;   /* appraisal-stage judgements met / villages x criteria */
	int64_t resources_dong;       /* mobilised in the year */
	double labour_days, land_m2;
	int awards;                   /* commendations decided in the year */
	target target;                /* the row's targets (communes, districts) */
} status_row;

typedef struct status_table {
	int64_t area_id;
	int year;
	status_row *rows;             /* children in Vietnamese order */
	size_t n;
	status_row total;             /* the area itself: sums of the rows, its own targets */
} status_table;

int status_table_build(struct km_db *db, int64_t area_id, int year, status_table *out);
void status_table_free(status_table *t);

/* The criteria matrix of a commune: villages x criteria of the year's set. */
typedef enum matrix_cell {
	CELL_NOT_ASSESSED, CELL_MET, CELL_NOT_MET,
	CELL_DISAGREE_MET,            /* met at appraisal, judged otherwise at self-assessment */
	CELL_DISAGREE_NOT_MET,        /* not met at appraisal, judged met at self-assessment */
} matrix_cell;

typedef struct criteria_matrix {
	int year;
	size_t nvillages, ncriteria;
	int64_t *village_ids;
	char **village_names;
	char **criterion_codes;
	matrix_cell *cells;           /* nvillages x ncriteria, row-major; the appraisal stage, or the
				       * self-assessment where there is no appraisal */
} criteria_matrix;

int criteria_matrix_build(struct km_db *db, int64_t commune_id, int year, criteria_matrix *out);
void criteria_matrix_free(criteria_matrix *m);
#endif
