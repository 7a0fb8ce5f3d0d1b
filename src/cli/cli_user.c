#include "config.h"
/* user add, user set, user list, user remove: who may change what (see domain/auth.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/auth.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"

/* user add|set NAME --role R [--scope AREA] */
static int user_write(app *a, int argc, char **argv, bool add)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "scope", required_argument, NULL, 's' },
		{ 0, 0, 0, 0 },
	};
	const char *role_arg = NULL, *scope_arg = NULL;
	int c;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			role_arg = optarg;
		else if (c == 's')
			scope_arg = optarg;
		else
			return cli_usage("user");
	}
	if (!role_arg || optind != argc - 1)
		return cli_usage("user");
	int r = role_from_key(role_arg);
	if (r < 0)
		return cli_error(_("unknown role \"%s\" (viewer, village, commune, district, admin)"), role_arg);
	int64_t scope = 0;
	if (scope_arg && area_resolve(a->db, scope_arg, &scope) < 0)
		return cli_db_error(a);
	const char *name = argv[optind];
	int rc = add ? user_add(a->db, name, (role)r, scope) : user_set(a->db, name, (role)r, scope);
	return rc < 0 ? cli_db_error(a) : 0;
}

/* The scope as the list shows it: "Lâm Đồng › Đơn Dương › Lạc Xuân" (text) or its name (CSV),
 * and its code. */
static int scope_words(app *a, int64_t id, bool csv, strbuf *text, strbuf *code)
{
	if (!id) {
		if (!csv)
			sb_add(text, _("everywhere"));
		return 0;
	}
	area *path;
	size_t n;
	if (area_path(a->db, id, &path, &n) < 0)
		return -1;
	if (csv)
		sb_add(text, path[n - 1].name);
	else
		area_path_text(path, n, " › ", text);
	sb_add(code, path[n - 1].code);
	areas_free(path, n);
	return 0;
}

static void pad(strbuf *b, const char *s, int width)
{
	sb_add(b, s);
	for (int w = text_width(s); w < width; w++)
		sb_addc(b, ' ');
}

static int user_list_cmd(app *a, int argc, char **argv)
{
	static const struct option opts[] = { { "format", required_argument, NULL, 'f' }, { 0, 0, 0, 0 } };
	bool csv = false;
	int c;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage("user");
		if (cli_parse_format(optarg, &csv))
			return 1;
	}
	if (optind != argc)
		return cli_usage("user");
	user_info *users;
	size_t n;
	if (user_list(a->db, &users, &n) < 0)
		return cli_db_error(a);
	int name_w = 4, role_w = 4;
	for (size_t i = 0; i < n; i++) {
		int w = text_width(users[i].name);
		name_w = w > name_w ? w : name_w;
		w = text_width(role_label(users[i].role));
		role_w = w > role_w ? w : role_w;
	}
	if (csv)
		puts("name,role,scope_code,scope");
	else if (n == 0)
		puts(_("No users: single-user mode (whoever uses the database may change everything)."));
	strbuf line, text, code;
	sb_init(&line);
	sb_init(&text);
	sb_init(&code);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		user_info *u = &users[i];
		sb_clear(&line);
		sb_clear(&text);
		sb_clear(&code);
		if (scope_words(a, u->scope_area_id, csv, &text, &code) < 0) {
			rc = cli_db_error(a);
			break;
		}
		if (csv) {
			sb_add_csv(&line, u->name);
			sb_addc(&line, ',');
			sb_add(&line, role_key(u->role));
			sb_addc(&line, ',');
			sb_add_csv(&line, code.s);
			sb_addc(&line, ',');
			sb_add_csv(&line, text.s);
		} else {
			pad(&line, u->name, name_w + 2);
			pad(&line, role_label(u->role), role_w + 2);
			sb_add(&line, text.s);
			if (code.len)
				sb_printf(&line, "  (%s)", code.s);
		}
		puts(line.s);
	}
	sb_free(&line);
	sb_free(&text);
	sb_free(&code);
	for (size_t i = 0; i < n; i++)
		user_info_free(&users[i]);
	free(users);
	return rc;
}

static int user_remove_cmd(app *a, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage("user");
	return user_remove(a->db, argv[1]) < 0 ? cli_db_error(a) : 0;
}

int cmd_user(app *a, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("user");
	if (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "set") == 0)
		return user_write(a, argc - 1, argv + 1, argv[1][0] == 'a');
	if (strcmp(argv[1], "list") == 0)
		return user_list_cmd(a, argc - 1, argv + 1);
	if (strcmp(argv[1], "remove") == 0)
		return user_remove_cmd(a, argc - 1, argv + 1);
	return cli_error(_("unknown subcommand \"user %s\" (add, set, list, remove)"), argv[1]);
}
