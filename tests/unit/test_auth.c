#include "config.h"
/* Who may change what: single-user mode, the first user (an administrator), the last
 * administrator kept, each role inside and outside its scope, unknown logins (read-only, or
 * refused by the system configuration), a role changed by another session, and the messages
 * naming the user, the role, the scope and the area refused. The current login (db_user) is the
 * test process's: to test a role, it is made a user with that role. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "domain/auth.h"
#include "domain/award.h"
#include "domain/criteria.h"
#include "domain/cycle.h"
#include "domain/demo.h"
#include "domain/facts.h"
#include "domain/resource.h"
#include "domain/resource_import.h"
#include "domain/target.h"
#include "helpers.h"
#include "util/strbuf.h"

#define YEAR 2024

static int64_t lx, kd, lx1, kd1;   /* Lạc Xuân, Ka Đô and a village of each */
static criteria_set set;           /* the set of YEAR */
static const criterion_def *vh01;  /* a yes/no criterion */
static const char *me;

static void setup(void)
{
	cr_assert_eq(setenv("KIEUMAU_TODAY", "2025-06-15", 1), 0);
	auth_set_unknown_can_read(true);
	tdb_setup();
	me = db_user(tdb);
	lx = tdb_area("Lạc Xuân");
	kd = tdb_area("Ka Đô");
	lx1 = tdb_add_village("Lạc Xuân", "Thôn 1");
	kd1 = tdb_add_village("Ka Đô", "Thôn 1");
	int64_t set_id = 0;
	cr_assert_eq(criteria_set_for_year(tdb, YEAR, &set_id), 0);
	cr_assert_neq(set_id, 0);
	cr_assert_eq(criteria_load(tdb, set_id, &set), 0, "%s", db_error(tdb));
	vh01 = NULL;
	for (size_t i = 0; i < set.ncriteria; i++)
		if (strcmp(set.criteria[i].code, "VH01") == 0)
			vh01 = &set.criteria[i];
	cr_assert_not_null(vh01);
}

static void teardown(void)
{
	criteria_set_free(&set);
	tdb_teardown();
	auth_set_unknown_can_read(true);
}

TestSuite(auth, .init = setup, .fini = teardown);

#define OK(call) cr_assert_eq((call), 0, "%s: %s", #call, db_error(tdb))
/* The call is refused, with a message containing what. */
#define REFUSED(call, what) do { \
		cr_assert_eq((call), -1, "accepted: %s", #call); \
		cr_assert(strstr(db_error(tdb), (what)), "%s: message \"%s\" lacks \"%s\"", #call, \
			  db_error(tdb), (what)); \
	} while (0)

/* The current login becomes a user with role r and scope (a spec, or NULL), another
 * administrator (admin2) keeping the users manageable. */
static void become(role r, const char *scope)
{
	OK(user_add(tdb, me, ROLE_ADMIN, 0));
	OK(user_add(tdb, "admin2", ROLE_ADMIN, 0));
	if (r != ROLE_ADMIN)
		OK(user_set(tdb, me, r, scope ? tdb_area(scope) : 0));
}

static int tick(int64_t area_id, stage s)
{
	judgement j = { .assessed = true, .met = true };
	return assessment_write(tdb, area_id, YEAR, vh01, s, &j);
}

static int64_t judgements(int64_t area_id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM assessment WHERE area_id = %lld", (long long)area_id);
	return tdb_int(tdb, sql);
}

/* ---- roles ---- */

Test(auth, role_keys)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		cr_assert_eq(role_from_key(role_key((role)r)), r);
		cr_assert_str_not_empty(role_label((role)r));
	}
	cr_assert_eq(role_from_key("root"), -1);
	cr_assert_eq(role_from_key(""), -1);
}

/* ---- single-user mode ---- */

Test(auth, single_user_mode_allows_everything)
{
	user_info u;
	cr_assert(auth_current(tdb, &u));
	cr_assert_str_eq(u.name, me);
	cr_assert_eq(u.role, ROLE_ADMIN);
	cr_assert_eq(u.scope_area_id, 0);
	cr_assert_not(u.known);
	user_info_free(&u);
	for (permission p = PERM_VILLAGE_DATA; p <= PERM_ADMIN; p++) {
		cr_assert(auth_check(tdb, p, kd1), "permission %d: %s", p, db_error(tdb));
		cr_assert(auth_check(tdb, p, 0), "permission %d: %s", p, db_error(tdb));
	}
	cr_assert(auth_can_read(tdb, kd1));
	OK(tick(kd1, STAGE_SELF));
	OK(tick(kd1, STAGE_APPRAISAL));
	int64_t id;
	OK(area_add(tdb, kd, "Thôn 2", AREA_VILLAGE, &id));
	user_info *list;
	size_t n;
	OK(user_list(tdb, &list, &n));
	cr_assert_eq(n, 0);
	free(list);
}

Test(auth, the_first_user_must_be_an_administrator)
{
	REFUSED(user_add(tdb, me, ROLE_COMMUNE, lx), "administrator");
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM app_user"), 0);
	/* Still single-user: everything allowed. */
	cr_assert(auth_check(tdb, PERM_ADMIN, 0));
	OK(user_add(tdb, me, ROLE_ADMIN, 0));
	user_info u;
	cr_assert(auth_current(tdb, &u));
	cr_assert(u.known);
	cr_assert_eq(u.role, ROLE_ADMIN);
	user_info_free(&u);
	/* The change is in the audit log, by the current login. */
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM audit WHERE tbl = 'app_user' AND action = 'insert' "
				  "AND user = km_user()"), 1);
}

Test(auth, users_are_checked)
{
	REFUSED(user_add(tdb, "", ROLE_ADMIN, 0), "login name");
	REFUSED(user_add(tdb, "a b", ROLE_ADMIN, 0), "login name");
	/* nothing that could drive a terminal or hide in a list */
	REFUSED(user_add(tdb, "a\x1b[2J", ROLE_ADMIN, 0), "login name");
	REFUSED(user_add(tdb, "a\xc2\x9b" "2J", ROLE_ADMIN, 0), "login name");   /* C1 CSI */
	REFUSED(user_add(tdb, "a\x9b" "2J", ROLE_ADMIN, 0), "login name");        /* invalid UTF-8 */
	REFUSED(user_add(tdb, "adm\xe2\x80\xae" "in", ROLE_ADMIN, 0), "login name");   /* RLO */
	REFUSED(user_add(tdb, "ad\xe2\x80\x8b" "min", ROLE_ADMIN, 0), "login name");   /* ZWSP */
	/* a long name is quoted cut short */
	char big[1001];
	memset(big, 'x', 1000);
	big[1000] = '\0';
	REFUSED(user_add(tdb, big, ROLE_ADMIN, 0), "xxx…\" is not a login name");
	cr_assert_lt(strlen(db_error(tdb)), 200, "%s", db_error(tdb));
	REFUSED(user_add(tdb, me, ROLE_ADMIN, lx), "scope");
	OK(user_add(tdb, me, ROLE_ADMIN, 0));
	REFUSED(user_add(tdb, "nva", ROLE_COMMUNE, 0), "scope");
	REFUSED(user_add(tdb, me, ROLE_ADMIN, 0), "already");
	REFUSED(user_set(tdb, "nobody", ROLE_VIEWER, 0), "nobody");
	REFUSED(user_remove(tdb, "nobody"), "nobody");
	OK(user_add(tdb, "nva", ROLE_COMMUNE, lx));
	OK(user_add(tdb, "ttb", ROLE_VILLAGE, lx1));
	user_info *list;
	size_t n;
	OK(user_list(tdb, &list, &n));
	cr_assert_eq(n, 3);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(list[i].name, "nva") == 0) {
			cr_assert_eq(list[i].role, ROLE_COMMUNE);
			cr_assert_eq(list[i].scope_area_id, lx);
		}
		user_info_free(&list[i]);
	}
	free(list);
	OK(user_set(tdb, "nva", ROLE_DISTRICT, tdb_area("Đơn Dương")));
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM app_user WHERE name = 'nva' AND role = 'district'"), 1);
	OK(user_remove(tdb, "ttb"));
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM app_user"), 2);
	OK(user_add(tdb, "nva@huyen.gov.vn", ROLE_VIEWER, 0));
}

Test(auth, the_last_administrator_stays)
{
	OK(user_add(tdb, me, ROLE_ADMIN, 0));
	REFUSED(user_set(tdb, me, ROLE_COMMUNE, lx), "last administrator");
	REFUSED(user_remove(tdb, me), "last administrator");
	OK(user_add(tdb, "admin2", ROLE_ADMIN, 0));
	OK(user_remove(tdb, "admin2"));
	OK(user_add(tdb, "admin2", ROLE_ADMIN, 0));
	/* With another administrator, one may step down. */
	OK(user_set(tdb, me, ROLE_COMMUNE, lx));
	/* ... and is then no longer allowed to manage the users. */
	REFUSED(user_set(tdb, me, ROLE_ADMIN, 0), "administrator");
	REFUSED(user_add(tdb, "nva", ROLE_VIEWER, 0), me);
	REFUSED(user_remove(tdb, "admin2"), "administrator");
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM app_user WHERE role = 'admin'"), 1);
}

/* ---- the commune cadre ---- */

Test(auth, commune_cadre_ticks_in_its_commune_only)
{
	become(ROLE_COMMUNE, "Lạc Xuân");
	OK(tick(lx1, STAGE_SELF));
	OK(tick(lx1, STAGE_APPRAISAL));
	OK(assessment_set_evidence(tdb, lx1, YEAR, vh01, STAGE_APPRAISAL, "biên bản"));
	OK(assessment_set_org(tdb, lx1, vh01, "Đoàn thanh niên"));
	cr_assert_eq(judgements(lx1), 2);
	REFUSED(tick(kd1, STAGE_SELF), "Ka Đô");
	REFUSED(tick(kd1, STAGE_APPRAISAL), "Ka Đô");
	REFUSED(assessment_set_org(tdb, kd1, vh01, "Đoàn thanh niên"), "Ka Đô");
	REFUSED(facts_set(tdb, kd1, YEAR, "households", "120"), "Ka Đô");
	OK(facts_set(tdb, lx1, YEAR, "households", "120"));
	cr_assert_eq(judgements(kd1), 0);
}

Test(auth, the_message_names_the_user_role_scope_and_area)
{
	become(ROLE_COMMUNE, "Lạc Xuân");
	cr_assert_eq(tick(kd1, STAGE_SELF), -1);
	const char *m = db_error(tdb);
	cr_assert(strstr(m, me), "%s", m);
	cr_assert(strstr(m, role_label(ROLE_COMMUNE)), "%s", m);
	cr_assert(strstr(m, "Lạc Xuân"), "%s", m);
	cr_assert(strstr(m, "Ka Đô › Thôn 1"), "%s", m);
}

Test(auth, commune_cadre_cannot_recognise)
{
	become(ROLE_COMMUNE, "Lạc Xuân");
	OK(cycle_register(tdb, lx1, YEAR, TITLE_MODEL, "2024-02-01", NULL));
	OK(cycle_step_done(tdb, lx1, YEAR, STEP_SELF_ASSESSED, "2024-03-01", NULL));
	OK(cycle_step_done(tdb, lx1, YEAR, STEP_APPRAISED, "2024-04-01", NULL));
	REFUSED(cycle_step_done(tdb, lx1, YEAR, STEP_INSPECTED, "2024-05-01", NULL), "Lạc Xuân › Thôn 1");
	REFUSED(cycle_recognise(tdb, lx1, YEAR, LEVEL_DISTRICT, "12/QĐ-UBND", "2024-06-01", NULL, NULL),
		"Lạc Xuân › Thôn 1");
	REFUSED(cycle_revoke(tdb, lx1, YEAR, "13/QĐ-UBND", "2024-06-02", "lý do"), "Lạc Xuân");
	REFUSED(cycle_recheck(tdb, lx1, YEAR + 1, RECHECK_MAINTAINED, "2025-03-01", NULL), "Lạc Xuân");
	OK(cycle_step_undo(tdb, lx1, YEAR, STEP_APPRAISED));
	REFUSED(cycle_register(tdb, kd1, YEAR, TITLE_MODEL, "2024-02-01", NULL), "Ka Đô");
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM recognition"), 0);
}

Test(auth, commune_cadre_adds_villages_in_its_commune_only)
{
	become(ROLE_COMMUNE, "Lạc Xuân");
	int64_t id;
	OK(area_add(tdb, lx, "Thôn 2", AREA_VILLAGE, &id));
	OK(area_rename(tdb, id, "Thôn Hai"));
	REFUSED(area_add(tdb, kd, "Thôn 2", AREA_VILLAGE, &id), "Ka Đô");
	REFUSED(area_rename(tdb, kd1, "Thôn Một"), "Ka Đô");
	REFUSED(area_add(tdb, tdb_area("Đơn Dương"), "Xã Mới", AREA_COMMUNE, &id), "Đơn Dương");
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM area WHERE name = 'Thôn 2'"), 0);
}

Test(auth, a_cadre_renames_the_areas_of_its_unit_not_the_unit)
{
	become(ROLE_COMMUNE, "Lạc Xuân");
	OK(area_rename(tdb, lx1, "Thôn Một"));
	REFUSED(area_rename(tdb, lx, "Xã Mới"), "may change the areas below Lạc Xuân, not Lạc Xuân itself");
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM area WHERE name = 'Xã Mới'"), 0);
}

Test(auth, a_district_cadre_renames_its_communes_not_the_district)
{
	become(ROLE_DISTRICT, "Đơn Dương");
	OK(area_rename(tdb, lx, "Xã Mới"));
	REFUSED(area_rename(tdb, tdb_area("Đơn Dương"), "Huyện Mới"), "not Đơn Dương itself");
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM area WHERE name = 'Huyện Mới'"), 0);
}

Test(auth, an_administrator_renames_any_area)
{
	become(ROLE_ADMIN, NULL);
	OK(area_rename(tdb, tdb_area("Đơn Dương"), "Huyện Mới"));
	OK(area_rename(tdb, tdb_area("Lâm Đồng"), "Tỉnh Mới"));
}

Test(auth, commune_cadre_commends_and_sets_targets_of_its_commune)
{
	become(ROLE_COMMUNE, "Lạc Xuân");
	award w = { .kind = RECIPIENT_HOUSEHOLD, .recipient = "Hộ ông A", .area_id = lx1,
		    .form = "Giấy khen", .level = AWARD_COMMUNE, .decision_no = "5/QĐ-UBND",
		    .decision_date = "2024-07-01" };
	OK(award_save(tdb, &w, NULL));
	int64_t commune_award = w.id;
	award d = w;
	d.id = 0;
	d.level = AWARD_DISTRICT;
	REFUSED(award_save(tdb, &d, NULL), "Lạc Xuân");
	/* Nor raise its own one to the district's level. */
	d.id = commune_award;
	REFUSED(award_save(tdb, &d, NULL), "Lạc Xuân");
	award k = w;
	k.id = 0;
	k.area_id = kd1;
	REFUSED(award_save(tdb, &k, NULL), "Ka Đô");
	target t = { .area_id = lx, .year = YEAR, .has_district = true, .recognised_district = 2 };
	OK(target_set(tdb, &t));
	t.area_id = tdb_area("Đơn Dương");
	REFUSED(target_set(tdb, &t), "Đơn Dương");
	OK(award_delete(tdb, commune_award));
}

Test(auth, resources_and_their_import_are_checked_per_area)
{
	become(ROLE_COMMUNE, "Lạc Xuân");
	resource_entry e = { .area_id = lx1, .date = "2024-03-07", .source = SOURCE_CENTRAL, .form = FORM_CASH,
			     .value = 1000 };
	OK(resource_save(tdb, &e, NULL));
	resource_entry k = e;
	k.id = 0;
	k.area_id = kd1;
	REFUSED(resource_save(tdb, &k, NULL), "Ka Đô");
	/* Moving one's entry into another commune is refused too. */
	k.id = e.id;
	REFUSED(resource_save(tdb, &k, NULL), "Ka Đô");

	char *path = test_join(tdb_dir, "r.csv");
	FILE *fp = fopen(path, "wb");
	cr_assert_not_null(fp);
	fputs("date,area_code,source,form,quantity,unit,value,work,contributor,note\n"
	      "01/03/2025,24934,central,cash,,,1000,,,\n"
	      "02/03/2025,24943,central,cash,,,1000,,,\n"
	      "03/03/2025,24943,central,cash,,,2000,,,\n", fp);
	cr_assert_eq(fclose(fp), 0);
	strbuf errors;
	sb_init(&errors);
	import_result res;
	cr_assert_eq(resource_import(tdb, path, false, 100, NULL, &errors, &res), 1, "%s", db_error(tdb));
	cr_assert_eq(res.bad, 2);
	cr_assert(strstr(errors.s, "3: "), "%s", errors.s);
	cr_assert(strstr(errors.s, "4: "), "%s", errors.s);
	cr_assert(strstr(errors.s, "Ka Đô"), "%s", errors.s);
	cr_assert_null(strstr(errors.s, "2: "), "%s", errors.s);
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM resource_entry"), 1);
	sb_free(&errors);
	free(path);
}

/* ---- the village cadre ---- */

Test(auth, village_cadre_cannot_appraise)
{
	int64_t lx2 = tdb_add_village("Lạc Xuân", "Thôn 2");
	become(ROLE_VILLAGE, "Lạc Xuân/Thôn 1");
	OK(tick(lx1, STAGE_SELF));
	REFUSED(tick(lx1, STAGE_APPRAISAL), "Lạc Xuân › Thôn 1");
	REFUSED(assessment_set_org(tdb, lx1, vh01, "Hội phụ nữ"), "Lạc Xuân › Thôn 1");
	OK(cycle_register(tdb, lx1, YEAR, TITLE_MODEL, "2024-02-01", NULL));
	OK(cycle_step_done(tdb, lx1, YEAR, STEP_SELF_ASSESSED, "2024-03-01", NULL));
	REFUSED(cycle_step_done(tdb, lx1, YEAR, STEP_APPRAISED, "2024-04-01", NULL), "Thôn 1");
	int64_t id;
	REFUSED(area_add(tdb, lx, "Thôn 3", AREA_VILLAGE, &id), "Lạc Xuân");
	/* Another village of the same commune is outside its scope. */
	REFUSED(tick(lx2, STAGE_SELF), "Lạc Xuân › Thôn 2");
	REFUSED(tick(kd1, STAGE_SELF), "Ka Đô");
	cr_assert_eq(judgements(lx1), 1);
}

/* ---- the viewer ---- */

Test(auth, viewer_writes_nothing)
{
	become(ROLE_VIEWER, NULL);
	int64_t before = tdb_int(tdb, "SELECT count(*) FROM audit");
	int64_t id;
	REFUSED(tick(lx1, STAGE_SELF), "Lạc Xuân");                       /* village data */
	REFUSED(assessment_set_org(tdb, lx1, vh01, "Hội phụ nữ"), "Lạc Xuân"); /* appraisal */
	target t = { .area_id = tdb_area("Đơn Dương"), .year = YEAR, .has_district = true,
		     .recognised_district = 2 };
	REFUSED(target_set(tdb, &t), "Đơn Dương");                          /* district */
	REFUSED(area_add(tdb, lx, "Thôn 2", AREA_VILLAGE, &id), "Lạc Xuân");  /* structure */
	REFUSED(criteria_bind_year_checked(tdb, YEAR + 1, set.id, false), me); /* criteria */
	REFUSED(demo_fill(tdb, true), me);                                   /* admin */
	REFUSED(user_add(tdb, "nva", ROLE_VIEWER, 0), me);
	cr_assert_eq(tdb_int(tdb, "SELECT count(*) FROM audit"), before);
	cr_assert(auth_can_read(tdb, kd1));
}

/* ---- the district cadre ---- */

Test(auth, district_cadre_decides_in_its_district)
{
	OK(user_add(tdb, me, ROLE_ADMIN, 0));
	int64_t other = 0, other_commune = 0;
	OK(area_add(tdb, tdb_area("Lâm Đồng"), "Đức Trọng", AREA_DISTRICT, &other));
	OK(area_add(tdb, other, "Hiệp An", AREA_COMMUNE, &other_commune));
	OK(user_add(tdb, "admin2", ROLE_ADMIN, 0));
	OK(user_set(tdb, me, ROLE_DISTRICT, tdb_area("Đơn Dương")));
	cr_assert(auth_check(tdb, PERM_DISTRICT, kd1), "%s", db_error(tdb));
	cr_assert(auth_check(tdb, PERM_APPRAISAL, lx1), "%s", db_error(tdb));
	cr_assert(auth_check(tdb, PERM_STRUCTURE, kd), "%s", db_error(tdb));
	cr_assert(auth_check(tdb, PERM_CRITERIA, 0), "%s", db_error(tdb));
	cr_assert_not(auth_check(tdb, PERM_ADMIN, 0));
	cr_assert_not(auth_check(tdb, PERM_DISTRICT, other_commune));
	cr_assert(strstr(db_error(tdb), "Hiệp An"), "%s", db_error(tdb));
	target t = { .area_id = tdb_area("Đơn Dương"), .year = YEAR, .has_district = true,
		     .recognised_district = 2 };
	OK(target_set(tdb, &t));
	t.area_id = other;
	REFUSED(target_set(tdb, &t), "Đức Trọng");
	OK(criteria_bind_year_checked(tdb, YEAR + 1, set.id, false));
}

/* ---- reading ---- */

Test(auth, reading_is_the_scope_and_above)
{
	become(ROLE_COMMUNE, "Lạc Xuân");
	cr_assert(auth_can_read(tdb, lx1));
	cr_assert(auth_can_read(tdb, lx));
	cr_assert(auth_can_read(tdb, tdb_area("Đơn Dương")));
	cr_assert(auth_can_read(tdb, 0));
	cr_assert_not(auth_can_read(tdb, kd1));
	cr_assert_not(auth_can_read(tdb, kd));
}

/* ---- unknown logins ---- */

Test(auth, an_unknown_login_reads_only)
{
	OK(user_add(tdb, "admin2", ROLE_ADMIN, 0));   /* the first user: now we are unknown */
	user_info u;
	cr_assert(auth_current(tdb, &u));
	cr_assert_not(u.known);
	cr_assert_eq(u.role, ROLE_VIEWER);
	user_info_free(&u);
	cr_assert(auth_can_read(tdb, kd1));
	REFUSED(tick(lx1, STAGE_SELF), me);
	cr_assert(strstr(db_error(tdb), "Lạc Xuân › Thôn 1"), "%s", db_error(tdb));
	REFUSED(user_add(tdb, me, ROLE_ADMIN, 0), me);
}

Test(auth, an_unknown_login_is_refused_when_configured)
{
	OK(user_add(tdb, "admin2", ROLE_ADMIN, 0));
	auth_set_unknown_can_read(false);
	user_info u;
	cr_assert_not(auth_current(tdb, &u));
	cr_assert(strstr(db_error(tdb), "not allowed"), "%s", db_error(tdb));
	cr_assert(strstr(db_error(tdb), me), "%s", db_error(tdb));
	user_info_free(&u);
	cr_assert_not(auth_can_read(tdb, lx1));
	REFUSED(tick(lx1, STAGE_SELF), "not allowed");
	user_info *list;
	size_t n;
	REFUSED(user_list(tdb, &list, &n), "not allowed");
	cr_assert_eq(judgements(lx1), 0);
}

Test(auth, single_user_mode_ignores_the_unknown_setting)
{
	auth_set_unknown_can_read(false);
	user_info u;
	cr_assert(auth_current(tdb, &u));
	user_info_free(&u);
	OK(tick(lx1, STAGE_SELF));
}

/* ---- another session ---- */

Test(auth, a_role_changed_by_another_session_applies_at_once)
{
	become(ROLE_ADMIN, NULL);
	OK(tick(kd1, STAGE_SELF));   /* the role is now cached */
	km_db *other = tdb_open_again();
	cr_assert_eq(user_set(other, me, ROLE_COMMUNE, lx), 0, "%s", db_error(other));
	REFUSED(tick(kd1, STAGE_APPRAISAL), "Ka Đô");
	OK(tick(lx1, STAGE_APPRAISAL));
	/* Back to administrator (as the other administrator would). */
	cr_assert_eq(sqlite3_exec(db_handle(other), "UPDATE app_user SET role = 'admin', scope_area_id = NULL "
				  "WHERE name = km_user()", NULL, NULL, NULL), SQLITE_OK);
	OK(tick(kd1, STAGE_APPRAISAL));
	db_close(other);
}

Test(auth, many_connections_opened_and_closed)
{
	become(ROLE_COMMUNE, "Lạc Xuân");
	/* Each connection has its own cache, freed with it; a new one at the same address starts
	 * afresh. */
	for (int i = 0; i < 20; i++) {
		km_db *other = tdb_open_again();
		cr_assert_not(auth_check(other, PERM_VILLAGE_DATA, kd1));
		cr_assert(auth_check(other, PERM_VILLAGE_DATA, lx1), "%s", db_error(other));
		db_close(other);
	}
}
