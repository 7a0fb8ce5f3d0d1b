/* Who may do what: users are the Unix login names of the district server's cadres, each with a
 * role and the part of the hierarchy it covers. Checked in the domain, so the command line and
 * the TUI obey the same rules.
 *
 *   viewer    reads its scope
 *   village   enters a village's data (self-assessment, facts, resources, registration, its
 *             cycle's self-assessment step)
 *   commune   a commune and its villages, including appraisal
 *   district  a district: recognition and revocation, targets, criteria sets, commendations
 *   admin     everything, and the users
 *
 * With no user recorded at all the database is in single-user mode: the one who uses it may do
 * everything (a cadre's own laptop). Once a user exists, an unknown login gets read-only access
 * or none, as the system configuration says. */
#ifndef KM_AUTH_H
#define KM_AUTH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct km_db;

typedef enum role { ROLE_VIEWER, ROLE_VILLAGE, ROLE_COMMUNE, ROLE_DISTRICT, ROLE_ADMIN, ROLE_COUNT } role;

const char *role_key(role r);       /* "viewer" ... */
int role_from_key(const char *key); /* -1 if unknown */
const char *role_label(role r);     /* translated */

/* What a write needs: the kind of change and the area it is about. */
typedef enum permission {
	PERM_VILLAGE_DATA,     /* self-assessment, facts, resources, registration, self-assessed step */
	PERM_APPRAISAL,        /* appraisal stage, the appraised step, organisation in charge */
	PERM_DISTRICT,         /* inspection, recognition, revocation, re-check, commendations, targets */
	PERM_STRUCTURE,        /* adding and renaming areas (commune role: villages of its commune) */
	PERM_CRITERIA,         /* importing and binding criteria sets (district or admin, anywhere) */
	PERM_ADMIN,            /* users, demo data, imports of others' data */
} permission;

typedef struct user_info {
	char *name;
	role role;
	int64_t scope_area_id;     /* 0: everywhere (admin) */
	bool known;                /* recorded in the users table */
} user_info;

/* The current user (db_user) as the database knows them: in single-user mode (no user recorded)
 * an admin; an unknown login: a viewer everywhere, or refused (false) when the system config
 * says unknown users get nothing. */
bool auth_current(struct km_db *db, user_info *out);
void user_info_free(user_info *u);

/* Whether the current user may make that change to area_id (0: not about one area). false with
 * a translated reason in db_error(db): "Bạn (nva, commune Lạc Xuân) không được sửa dữ liệu của
 * Ka Đô". */
bool auth_check(struct km_db *db, permission p, int64_t area_id);
/* auth_check for an area strictly below the user's scope: a cadre changes the areas of their unit,
 * not the unit itself (renaming a commune is its district's decision). */
bool auth_check_below(struct km_db *db, permission p, int64_t area_id);
/* Whether the current user may see area_id (in or above their scope; everything for admins). */
bool auth_can_read(struct km_db *db, int64_t area_id);

/* Users (admin only, each one transaction). */
int user_add(struct km_db *db, const char *name, role r, int64_t scope_area_id);
int user_set(struct km_db *db, const char *name, role r, int64_t scope_area_id);
int user_remove(struct km_db *db, const char *name);
int user_list(struct km_db *db, user_info **out, size_t *n);

/* Set from the system configuration (/etc/kieumau/config.ini, not the user's): whether unknown
 * logins may read. Default: read-only. */
void auth_set_unknown_can_read(bool yes);
#endif
