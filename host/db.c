/*
 * db.c - --db FILE.sqlite: the documents, the rules and every match of a
 * run, in a SQLite database that R (RSQLite, DBI) and Python (sqlite3) can
 * query, with a view per report table.
 *
 * Schema (docs/database.md has the same with examples):
 *
 *   documents(id, path, date, title, characters, encoding)
 *   rules(id, plugin, pack, rule, category, key, pattern, first_year, description)
 *   matches(document, plugin, category, key, start, end, text, detail)
 *   VIEW report(plugin, category, key, mentions, documents, share, per10k, first, last)
 *   VIEW trend_year / trend_month / trend_day(bin, plugin, category, key, mentions,
 *        documents, bin_documents, share, per10k)
 *
 * The whole database is written in one transaction into a temporary file
 * beside FILE and renamed over it at the end (outfile), so an interrupted
 * run leaves the previous database as it was.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "tifa.h"

struct db {
    outfile *file;
    sqlite3 *sql;
    sqlite3_stmt *add_doc, *add_match;
    GPtrArray *plugins;
    char *path;
    gboolean failed;
};

static const char schema[] =
    "PRAGMA journal_mode = OFF;\n"
    "PRAGMA synchronous = OFF;\n"
    "CREATE TABLE documents (\n"
    "  id INTEGER PRIMARY KEY,    -- position in the corpus, from 1\n"
    "  path TEXT NOT NULL,        -- file, or file#id (file:line) for a JSON Lines record\n"
    "  date TEXT,                 -- YYYY-MM-DD, NULL when unknown\n"
    "  title TEXT,\n"
    "  characters INTEGER NOT NULL, -- non-space characters\n"
    "  encoding TEXT);\n"
    "CREATE TABLE rules (\n"
    "  id INTEGER PRIMARY KEY, plugin TEXT NOT NULL, pack TEXT NOT NULL, rule TEXT NOT NULL,\n"
    "  category TEXT NOT NULL, key TEXT, pattern TEXT NOT NULL, first_year INTEGER,\n"
    "  description TEXT);\n"
    "CREATE TABLE matches (\n"
    "  document INTEGER NOT NULL REFERENCES documents(id),\n"
    "  plugin TEXT NOT NULL, category TEXT NOT NULL, key TEXT NOT NULL,\n"
    "  start INTEGER NOT NULL,    -- byte offsets in the document's UTF-8 text\n"
    "  end INTEGER NOT NULL,\n"
    "  text TEXT NOT NULL,        -- the matched text as in the document\n"
    "  detail TEXT);              -- labels (an official's titles), joined by 、\n"
    "CREATE VIEW report AS\n"
    "  SELECT plugin, category, key, COUNT(*) AS mentions,\n"
    "         COUNT(DISTINCT document) AS documents,\n"
    "         COUNT(DISTINCT document) * 1.0 / (SELECT COUNT(*) FROM documents) AS share,\n"
    "         COUNT(*) * 10000.0 / (SELECT SUM(characters) FROM documents) AS per10k,\n"
    "         MIN(d.date) AS first, MAX(d.date) AS last\n"
    "  FROM matches m JOIN documents d ON d.id = m.document\n"
    "  GROUP BY plugin, category, key;\n";

/* A trend view for a bin made of the first `width` characters of the date. */
static char *
trend_view(const char *name, int width)
{
    return g_strdup_printf(
        "CREATE VIEW %s AS\n"
        "  WITH bins AS (SELECT substr(date, 1, %d) AS bin, COUNT(*) AS documents,\n"
        "                       SUM(characters) AS characters\n"
        "                FROM documents WHERE date IS NOT NULL GROUP BY bin)\n"
        "  SELECT b.bin, m.plugin, m.category, m.key, COUNT(*) AS mentions,\n"
        "         COUNT(DISTINCT m.document) AS documents, b.documents AS bin_documents,\n"
        "         COUNT(DISTINCT m.document) * 1.0 / b.documents AS share,\n"
        "         COUNT(*) * 10000.0 / b.characters AS per10k\n"
        "  FROM matches m JOIN documents d ON d.id = m.document\n"
        "       JOIN bins b ON b.bin = substr(d.date, 1, %d)\n"
        "  GROUP BY b.bin, m.plugin, m.category, m.key;\n",
        name, width, width);
}

static gboolean
exec(db *d, const char *sql_text, GError **error)
{
    char *msg = NULL;
    if (sqlite3_exec(d->sql, sql_text, NULL, NULL, &msg) != SQLITE_OK) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot write the database %s: %s",
                    d->path, msg ? msg : sqlite3_errmsg(d->sql));
        sqlite3_free(msg);
        return FALSE;
    }
    return TRUE;
}

void
db_abort(db *d)
{
    if (!d)
        return;
    sqlite3_finalize(d->add_doc);
    sqlite3_finalize(d->add_match);
    if (d->sql)
        sqlite3_close(d->sql);
    outfile_abort(d->file);
    g_free(d->path);
    g_free(d);
}

db *
db_open(const char *path, GPtrArray *plugins, GError **error)
{
    db *d = g_new0(db, 1);
    d->path = g_strdup(path);
    d->plugins = plugins;
    d->file = outfile_open(path, error);
    if (!d->file || !outfile_detach(d->file)) {
        if (d->file && error && !*error && strcmp(path, "-") == 0)
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT,
                        "--db needs a file name, not standard output");
        else if (d->file && error && !*error)
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT,
                        "--db needs a regular file: %s is a device or a pipe", path);
        db_abort(d);
        return NULL;
    }
    if (sqlite3_open(outfile_temp_path(d->file), &d->sql) != SQLITE_OK) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot create the database %s: %s",
                    path, sqlite3_errmsg(d->sql));
        db_abort(d);
        return NULL;
    }
    char *years = trend_view("trend_year", 4), *months = trend_view("trend_month", 7),
         *days = trend_view("trend_day", 10);
    gboolean ok = exec(d, schema, error) && exec(d, years, error) && exec(d, months, error) &&
                  exec(d, days, error) && exec(d, "BEGIN", error);
    g_free(years);
    g_free(months);
    g_free(days);
    if (!ok) {
        db_abort(d);
        return NULL;
    }
    /* The rules of the run. */
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(d->sql,
                       "INSERT INTO rules (plugin, pack, rule, category, key, pattern, "
                       "first_year, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       -1, &st, NULL);
    for (guint i = 0; i < plugins->len; i++) {
        const plugin *p = plugins->pdata[i];
        for (guint j = 0; j < p->rules->len; j++) {
            const rule *r = p->rules->pdata[j];
            sqlite3_bind_text(st, 1, p->name, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, r->pub.pack, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, r->pub.id, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, r->pub.category, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 5, r->pub.key, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 6, r->pub.pattern, -1, SQLITE_STATIC);
            if (r->pub.first_year)
                sqlite3_bind_int(st, 7, r->pub.first_year);
            else
                sqlite3_bind_null(st, 7);
            sqlite3_bind_text(st, 8, r->pub.description, -1, SQLITE_STATIC);
            sqlite3_step(st);
            sqlite3_reset(st);
        }
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(d->sql,
                           "INSERT INTO documents (id, path, date, title, characters, encoding) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &d->add_doc, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(d->sql,
                           "INSERT INTO matches (document, plugin, category, key, start, end, "
                           "text, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &d->add_match, NULL) != SQLITE_OK) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot prepare the database %s: %s",
                    path, sqlite3_errmsg(d->sql));
        db_abort(d);
        return NULL;
    }
    return d;
}

void
db_add_doc(db *d, const scanned_doc *doc)
{
    if (doc->skipped || d->failed)
        return;
    sqlite3_int64 id = (sqlite3_int64)doc->seq + 1;
    sqlite3_bind_int64(d->add_doc, 1, id);
    sqlite3_bind_text(d->add_doc, 2, doc->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(d->add_doc, 3, doc->date, -1, SQLITE_STATIC);
    sqlite3_bind_text(d->add_doc, 4, doc->title, -1, SQLITE_STATIC);
    sqlite3_bind_int64(d->add_doc, 5, (sqlite3_int64)doc->n_chars);
    sqlite3_bind_text(d->add_doc, 6, doc->encoding, -1, SQLITE_STATIC);
    if (sqlite3_step(d->add_doc) != SQLITE_DONE)
        d->failed = TRUE;
    sqlite3_reset(d->add_doc);
    for (guint i = 0; i < doc->results->len && !d->failed; i++) {
        const doc_result *r = &g_array_index(doc->results, doc_result, i);
        const plugin *p = d->plugins->pdata[r->plugin];
        char *detail = NULL;
        if (r->labels) {
            GString *s = g_string_new(NULL);
            for (const char *c = r->labels; *c; c++) {
                if (*c == LABEL_SEP)
                    g_string_append(s, "、");
                else
                    g_string_append_c(s, *c);
            }
            detail = g_string_free(s, FALSE);
        }
        sqlite3_bind_int64(d->add_match, 1, id);
        sqlite3_bind_text(d->add_match, 2, p->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(d->add_match, 3, r->category, -1, SQLITE_STATIC);
        sqlite3_bind_text(d->add_match, 4, r->key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(d->add_match, 5, (sqlite3_int64)r->start);
        sqlite3_bind_int64(d->add_match, 6, (sqlite3_int64)r->end);
        sqlite3_bind_text(d->add_match, 7, doc->text + r->start, (int)(r->end - r->start),
                          SQLITE_STATIC);
        sqlite3_bind_text(d->add_match, 8, detail, -1, g_free);
        if (sqlite3_step(d->add_match) != SQLITE_DONE)
            d->failed = TRUE;
        sqlite3_reset(d->add_match);
    }
}

gboolean
db_commit(db *d, GError **error)
{
    if (d->failed) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT,
                    "cannot write the database %s: %s; the previous file, if any, is left as "
                    "it was",
                    d->path, sqlite3_errmsg(d->sql));
        db_abort(d);
        return FALSE;
    }
    /* Indexes after the rows, which is faster than keeping them up to date
     * row by row: queries by key and by document are the common ones. */
    if (!exec(d,
              "CREATE INDEX matches_by_key ON matches(key);\n"
              "CREATE INDEX matches_by_document ON matches(document);\n"
              "CREATE INDEX documents_by_date ON documents(date);\n"
              "COMMIT",
              error)) {
        db_abort(d);
        return FALSE;
    }
    sqlite3_finalize(d->add_doc);
    sqlite3_finalize(d->add_match);
    d->add_doc = d->add_match = NULL;
    if (sqlite3_close(d->sql) != SQLITE_OK) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot close the database %s",
                    d->path);
        d->sql = NULL;
        db_abort(d);
        return FALSE;
    }
    d->sql = NULL;
    gboolean ok = outfile_commit(d->file, error);
    d->file = NULL;
    db_abort(d);
    return ok;
}
