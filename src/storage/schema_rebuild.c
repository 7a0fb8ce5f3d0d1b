#include "config.h"
#include "storage/schema_rebuild.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/strbuf.h"

/* ---- rewriting CHECK (column IN (...)) --------------------------------------------------------- */

static bool ident_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* The end of the quoted token at p ('...', "...", `...` with doubled quotes inside, or [...]),
 * or of the whole text when it is not closed. */
static const char *quoted_end(const char *p)
{
	char close = *p == '[' ? ']' : *p;
	for (p++; *p; p++) {
		if (*p != close)
			continue;
		if (close != ']' && p[1] == close) {
			p++;
			continue;
		}
		return p + 1;
	}
	return p;
}

/* The end of the word at p when it is kw (any case), else NULL. */
static const char *keyword(const char *p, const char *kw)
{
	size_t n = strlen(kw);
	return strncasecmp(p, kw, n) == 0 && !ident_char(p[n]) ? p + n : NULL;
}

/* After the word CHECK at p: "(column IN (literal, ...))" written as an OR of comparisons into
 * out. Returns the end of what it replaced, or NULL (out untouched) for any other CHECK. */
static const char *rewrite_check(const char *p, strbuf *out)
{
	p = skip_ws(p);
	if (*p++ != '(')
		return NULL;
	p = skip_ws(p);
	const char *col = p;
	if (*p == '"')
		p = quoted_end(p);
	else if (ident_start(*p))
		while (ident_char(*p))
			p++;
	else
		return NULL;
	size_t col_len = (size_t)(p - col);
	if (!(p = keyword(skip_ws(p), "IN")))
		return NULL;
	p = skip_ws(p);
	if (*p++ != '(')
		return NULL;
	struct { const char *s; size_t n; } lit[64];
	int n = 0;
	for (;;) {
		p = skip_ws(p);
		const char *s = p;
		if (*p == '\'') {
			p = quoted_end(p);
			if (p[-1] != '\'' || p - s < 2)
				return NULL;   /* not closed */
		} else {
			if (*p == '-')
				p++;
			if (!(*p >= '0' && *p <= '9'))
				return NULL;
			while (*p >= '0' && *p <= '9')
				p++;
		}
		if (n == (int)(sizeof lit / sizeof *lit))
			return NULL;
		lit[n].s = s;
		lit[n].n = (size_t)(p - s);
		n++;
		p = skip_ws(p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ != ')')
			return NULL;
		break;
	}
	p = skip_ws(p);
	if (*p++ != ')')
		return NULL;
	sb_add(out, "CHECK (");
	for (int i = 0; i < n; i++) {
		if (i)
			sb_add(out, " OR ");
		sb_addn(out, col, col_len);
		sb_add(out, " = ");
		sb_addn(out, lit[i].s, lit[i].n);
	}
	sb_addc(out, ')');
	return p;
}

char *checks_without_in(const char *sql)
{
	strbuf out;
	sb_init(&out);
	bool changed = false;
	const char *p = sql;
	while (*p) {
		const char *start = p;
		if (*p == '\'' || *p == '"' || *p == '`' || *p == '[') {
			p = quoted_end(p);
		} else if (p[0] == '-' && p[1] == '-') {
			p = strchr(p, '\n');
			if (!p)
				p = start + strlen(start);
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			p = end ? end + 2 : start + strlen(start);
		} else if (ident_start(*p)) {
			while (ident_char(*p))
				p++;
			const char *end;
			if (p - start == 5 && keyword(start, "CHECK") && (end = rewrite_check(p, &out))) {
				p = end;
				changed = true;
				continue;
			}
		} else {
			p++;
		}
		sb_addn(&out, start, (size_t)(p - start));
	}
	if (!changed) {
		sb_free(&out);
		return NULL;
	}
	return sb_take(&out);
}

/* ---- rebuilding tables -------------------------------------------------------------------------- */

typedef struct names {
	char **v;
	size_t n;
} names;

static void names_free(names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Every text of column 0 of sql's rows (text bound to ?1 when arg is not NULL). */
static int collect(sqlite3 *h, const char *sql, const char *arg, names *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		out->v[out->n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* "CREATE TABLE name ..." with the name replaced by tmp (quoted); NULL if sql does not start so. */
static char *renamed(const char *sql, const char *tmp)
{
	const char *p = keyword(skip_ws(sql), "CREATE");
	if (p)
		p = keyword(skip_ws(p), "TABLE");
	if (!p)
		return NULL;
	p = skip_ws(p);
	if (*p == '"' || *p == '`' || *p == '[')
		p = quoted_end(p);
	else if (ident_start(*p))
		while (ident_char(*p))
			p++;
	else
		return NULL;
	strbuf b;
	sb_init(&b);
	sb_printf(&b, "CREATE TABLE \"%s\"%s", tmp, p);
	return sb_take(&b);
}

/* Runs DDL naming tables, which cannot be bound parameters: SQLite's own printf quotes each name
 * as an identifier (%w doubles any '"' in it). The names come from sqlite_schema. */
static int exec_ddl(sqlite3 *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (!q)
		return SQLITE_NOMEM;
	int rc = sqlite3_exec(h, q, NULL, NULL, NULL);
	sqlite3_free(q);
	return rc;
}

/* One table under its new definition (new_sql names the table as before). */
static int rebuild(sqlite3 *h, const char *table, const char *new_sql)
{
	char tmp[128];
	snprintf(tmp, sizeof tmp, "km_rebuild_%s", table);
	char *create = renamed(new_sql, tmp);
	if (!create)
		return SQLITE_ERROR;
	names extra = { 0 };
	/* Its indexes and triggers, dropped with it (automatic indexes have no SQL: the new
	 * definition's UNIQUE and PRIMARY KEY make them again). */
	int rc = collect(h, "SELECT sql FROM sqlite_schema WHERE tbl_name = ?1 AND type IN ('index', 'trigger') "
			    "AND sql IS NOT NULL ORDER BY type = 'trigger', name", table, &extra);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, create, NULL, NULL, NULL);
	/* Same columns in the same order: SELECT * copies every row, its key with it. */
	if (rc == SQLITE_OK)
		rc = exec_ddl(h, "INSERT INTO \"%w\" SELECT * FROM \"%w\"", tmp, table);
	if (rc == SQLITE_OK)
		rc = exec_ddl(h, "DROP TABLE \"%w\"", table);
	if (rc == SQLITE_OK)
		rc = exec_ddl(h, "ALTER TABLE \"%w\" RENAME TO \"%w\"", tmp, table);
	for (size_t i = 0; rc == SQLITE_OK && i < extra.n; i++)
		rc = sqlite3_exec(h, extra.v[i], NULL, NULL, NULL);
	names_free(&extra);
	free(create);
	return rc;
}

int schema_rebuild_tables(sqlite3 *h, char *(*rewrite)(const char *create_sql))
{
	names tables = { 0 }, sqls = { 0 };
	int rc = collect(h, "SELECT name FROM sqlite_schema WHERE type = 'table' "
			    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid", NULL, &tables);
	if (rc == SQLITE_OK)
		rc = collect(h, "SELECT sql FROM sqlite_schema WHERE type = 'table' "
				"AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid", NULL, &sqls);
	if (rc == SQLITE_OK && tables.n != sqls.n)
		rc = SQLITE_ERROR;
	for (size_t i = 0; rc == SQLITE_OK && i < tables.n; i++) {
		char *new_sql = rewrite(sqls.v[i]);
		if (new_sql && strcmp(new_sql, sqls.v[i]) != 0)
			rc = rebuild(h, tables.v[i], new_sql);
		free(new_sql);
	}
	names_free(&tables);
	names_free(&sqls);
	return rc;
}
