/* Generated illustrative data for one village and year (demo and benchmark databases). */
#ifndef KM_SYNTH_H
#define KM_SYNTH_H
#include <stdbool.h>
#include <stdint.h>
#include "domain/criteria.h"
#include "util/rng.h"

struct km_db;

typedef struct synth_village {
	int64_t id;
	int rank;                /* lower ranks became model areas first */
	int households;
	const char *area_type;   /* KV1: harder terrain, lower thresholds; KV2: the rest */
	double road_km, lane_km;
	char name[64];
} synth_village;

typedef struct synth_plan {
	int first_year, last_year;
	const int *model_count;      /* per year: villages (by rank) meeting every criterion */
	const int *province_count;   /* per year, cumulative: of those, recognised by the province */
	const char *district_front, *province_front;       /* recognition decisions' issuers */
	const char *district_council, *province_council;   /* commendations' issuers */
	bool commend_every_village;  /* also one household commendation per village and year */
} synth_plan;

/* Writes the village's year (inside the caller's transaction). seq numbers the decisions. */
int synth_village_year(struct km_db *db, const synth_plan *p, const criteria_set *set,
		       const synth_village *v, int year, rng *r, int *seq);
#endif
