/*
 * Unit tests for the metric reader's general forms (core/metric.c,
 * metric_lex.c, metric_kv.c, metric_json.c, metric_pattern.c): key=value
 * words, JSON and Python dicts, " - name: value" pairs, the study's own
 * patterns, fractional steps, and garbage. Keras and the other trainers
 * are in test_metric_keras.c and test_metric_trainers.c.
 */
#include <stdint.h>
#include <time.h>

#include "metric_helper.h"

TEST(kv_epoch_gives_step)
{
	struct got g;

	RUN(&g, "epoch=3 loss=0.31 val_loss=0.35\tval_acc=0.874\n");
	ASSERT_EQ(g.values, 1);
	ASSERT_EQ(g.l[0].form, HPS_MF_KV);
	ASSERT_EQ(g.l[0].line, 1);
	ASSERT_EQ(g.l[0].n, 3);
	ASSERT_VAL(&g, 3, "loss", 0.31);
	ASSERT_VAL(&g, 3, "val_loss", 0.35);
	ASSERT_VAL(&g, 3, "val_acc", 0.874);
	got_free(&g);
}

TEST(kv_step_wins_over_epoch)
{
	struct got g;

	RUN(&g, "step=500 epoch=2 loss=1\nepoch=2 step=700 loss=2\n"
	    "epoch=4.0 loss=3\n");
	ASSERT_VAL(&g, 500, "loss", 1);
	ASSERT_VAL(&g, 700, "loss", 2);
	ASSERT_VAL(&g, 4, "loss", 3);
	got_free(&g);
}

/* A step that cannot be one makes the whole line doubtful. */
TEST(kv_bad_step_is_doubtful)
{
	struct got g;

	RUN(&g, "epoch=-1 loss=1\nepoch=2.5 step=nan loss=1\n"
	    "step=1e300 loss=1\nepoch=inf loss=1\n");
	ASSERT_EQ(g.values, 0);
	ASSERT_EQ(g.doubts, 4);
	ASSERT_EQ(g.l[1].line, 2);
	ASSERT_NONE("epoch=5\n");
	got_free(&g);
}

/* Issue 30 item 8: fractional epochs are steps of their own. */
TEST(fractional_steps_never_collide)
{
	struct got g;

	RUN(&g, "{\"epoch\": 0.5, \"val_acc\": 0.3}\n"
	    "{\"epoch\": 1, \"val_acc\": 0.5}\n"
	    "{\"epoch\": 1.5, \"val_acc\": 0.4}\n"
	    "epoch=2.25 val_acc=0.45\n");
	ASSERT_VAL(&g, 0.5, "val_acc", 0.3);
	ASSERT_VAL(&g, 1, "val_acc", 0.5);
	ASSERT_VAL(&g, 1.5, "val_acc", 0.4);
	ASSERT_VAL(&g, 2.25, "val_acc", 0.45);
	ASSERT_EQ(g.values, 4);
	got_free(&g);
}

/* Lines without a step follow the largest step so far, never an earlier. */
TEST(stepless_lines_follow_the_last_step)
{
	struct got g;

	RUN(&g, "loss=0.9\nnothing here\nepoch=10 loss=0.8\nloss=0.7\n"
	    "{\"loss\": 0.6}\nepoch=1 val=1\nsummary=2\n");
	ASSERT_VAL(&g, 1, "loss", 0.9);
	ASSERT_VAL(&g, 10, "loss", 0.8);
	ASSERT_VAL(&g, 11, "loss", 0.7);
	ASSERT_VAL(&g, 12, "loss", 0.6);
	ASSERT_VAL(&g, 1, "val", 1);
	ASSERT_VAL(&g, 13, "summary", 2);
	got_free(&g);
}

TEST(kv_ignores_other_words)
{
	struct got g;

	RUN(&g, "INFO lr=0.01 done\na=b=1 c==2 =3 4d=5 -e=6 f= g=1,2 h=7\n");
	ASSERT_EQ(g.values, 2);
	ASSERT_EQ(g.l[0].n, 1);
	ASSERT_VAL(&g, 1, "lr", 0.01);
	ASSERT_EQ(g.l[1].n, 1);
	ASSERT_VAL(&g, 2, "h", 7);
	ASSERT_NONE("time: 12:30\n");
	ASSERT_NONE("2024-05-01 12:30:00 training started\n");
	ASSERT_NONE("loss: 0.31 acc: 0.9\n");
	ASSERT_NONE("mode=train model=resnet\n");
	got_free(&g);
}

/* Issue 27 finding 7: a repr of a call's result is not a metric line. */
TEST(reprs_are_not_metric_lines)
{
	ASSERT_NONE("TrainOutput(global_step=200, training_loss=1.4212, "
	    "metrics={'train_runtime': 83.4, 'train_loss': 1.4212, "
	    "'epoch': 3.0})\n");
	ASSERT_NONE("Namespace(batch_size=64, epochs=14, lr=1.0, gamma=0.7)\n");
}

TEST(kv_names)
{
	char line[400];
	struct got g;
	size_t n;

	RUN(&g, "_x=1 a.b/c-d_9=2 Val.Top-5=3 ndcg@5=4 eval/score_t+64=5\n");
	ASSERT_EQ(g.l[0].n, 5);
	ASSERT_VAL(&g, 1, "a.b/c-d_9", 2);
	ASSERT_VAL(&g, 1, "Val.Top-5", 3);
	ASSERT_VAL(&g, 1, "ndcg@5", 4);
	ASSERT_VAL(&g, 1, "eval/score_t+64", 5);
	got_free(&g);
	/* A name with a blank cannot be told from the words around it. */
	RUN(&g, "val loss=0.5 INFO:root:acc=0.9\n");
	ASSERT_EQ(g.l[0].n, 1);
	ASSERT_VAL(&g, 1, "loss", 0.5);
	got_free(&g);
	memset(line, 'n', HPS_METRIC_NAMEMAX);
	n = HPS_METRIC_NAMEMAX + (size_t)snprintf(line + HPS_METRIC_NAMEMAX,
	    8, "=1\n");
	got_run(&g, line, n, NULL, 64);
	ASSERT_EQ(g.values, 1);
	ASSERT_EQ(g.l[0].m[0].namelen, HPS_METRIC_NAMEMAX);
	got_free(&g);
	memset(line, 'n', HPS_METRIC_NAMEMAX + 1);
	n = HPS_METRIC_NAMEMAX + 1 + (size_t)snprintf(line +
	    HPS_METRIC_NAMEMAX + 1, 8, "=1\n");
	got_run(&g, line, n, NULL, 64);
	ASSERT_EQ(g.n, 0);
	got_free(&g);
}

TEST(kv_trailing_comma)
{
	struct got g;

	RUN(&g, "epoch=2, loss=0.5, acc=0.75\n");
	ASSERT_VAL(&g, 2, "loss", 0.5);
	ASSERT_VAL(&g, 2, "acc", 0.75);
	got_free(&g);
	ASSERT_NONE("loss=0.5,, acc=0.75,;\n");
}

/* A name twice on one line: which value is meant is not certain. */
TEST(repeated_names_are_doubtful)
{
	struct got g;

	RUN(&g, "loss=0.5 acc=0.7 loss=0.6\n{\"a\": 1, \"a\": 2}\n"
	    "{'a': 1, 'a': 2}\nx - a: 1 - a: 2\n");
	ASSERT_EQ(g.values, 0);
	ASSERT_EQ(g.doubts, 4);
	got_free(&g);
}

TEST(numbers_fully_consumed)
{
	struct got g;

	ASSERT_NONE("a=0.5abc\n");
	ASSERT_NONE("a=0.5.1 b=1e c=- d=. e=0x f=1_000 g=\"1\" h=0x1p3\n");
	ASSERT_NONE("{\"a\": 0.5abc}\n");
	ASSERT_NONE("Epoch 1/2 - loss: 0.5abc\n");
	RUN(&g, "a=.5 b=5. c=-1e-4 d=+2 e=1E3\n");
	ASSERT_VAL(&g, 1, "a", 0.5);
	ASSERT_VAL(&g, 1, "b", 5);
	ASSERT_VAL(&g, 1, "c", -1e-4);
	ASSERT_VAL(&g, 1, "d", 2);
	ASSERT_VAL(&g, 1, "e", 1000);
	got_free(&g);
}

/*
 * Every value is the double strtod reads, to the bit, whichever way a
 * trainer prints it (the reader takes a faster path for plain decimals).
 */
TEST(numbers_read_as_strtod_reads_them)
{
	static const char *const fmt[] = {"%.4f", "%.6g", "%.4e", "%.17g",
	    "%.1f", "%.0f", "%.10f", "%.3e"};
	char line[256], tok[2][64];
	double x, want[2], got;
	unsigned seed = 12345;
	struct got g;
	int i, k;

	for (i = 0; i < 4000; i++) {
		for (k = 0; k < 2; k++) {
			seed = seed * 1103515245u + 12345u;
			x = (double)(seed >> 8) / (1 << 24) *
			    pow(10, (int)(seed % 61) - 30);
			snprintf(tok[k], sizeof tok[k], fmt[(seed >> 4) % 8],
			    i % 3 ? x : -x);
			want[k] = strtod(tok[k], NULL);
		}
		/* A key=value line, and a Keras line. */
		for (k = 0; k < 2; k++) {
			snprintf(line, sizeof line, k == 0 ? "a=%s\n" :
			    "1/1 [====] - 0s - a: %s\n", tok[k]);
			got_run(&g, line, strlen(line), NULL, 64);
			got = NAN;
			if (!got_find(&g, 1, "a", &got) ||
			    memcmp(&got, &want[k], sizeof got) != 0)
				TEST_FAIL_("%s read as %.17g, strtod: %.17g",
				    tok[k], got, want[k]);
			got_free(&g);
		}
	}
}

TEST(nonfinite_values)
{
	struct got g;
	size_t i;

	RUN(&g, "a=nan b=inf c=-inf d=NaN e=Infinity f=1e999 g=2\n");
	ASSERT_EQ(g.l[0].n, 7);
	for (i = 0; i < 6; i++)
		ASSERT_EQ(g.l[0].m[i].finite, 0);
	ASSERT(isnan(g.l[0].m[0].value));
	ASSERT(isinf(g.l[0].m[2].value) && g.l[0].m[2].value < 0);
	ASSERT_VAL(&g, 1, "g", 2);
	got_free(&g);
}

TEST(json_flat)
{
	struct got g;

	RUN(&g, "  {\"epoch\": 3, \"val_acc\": 0.874,\"loss\":-1.5e-3,"
	    "\"n\":0, \"big\": 12E+2 }  \n{\"step\": 7, \"epoch\": 1, "
	    "\"x\": 1}\n{}\n");
	ASSERT_EQ(g.values, 2);
	ASSERT_EQ(g.l[0].form, HPS_MF_JSON);
	ASSERT_VAL(&g, 3, "val_acc", 0.874);
	ASSERT_VAL(&g, 3, "loss", -1.5e-3);
	ASSERT_VAL(&g, 3, "n", 0);
	ASSERT_VAL(&g, 3, "big", 1200);
	ASSERT_VAL(&g, 7, "x", 1);
	got_free(&g);
}

TEST(json_nested_and_non_numbers_skipped)
{
	struct got g;

	RUN(&g, "{\"a\": {\"b\": 1, \"c\": [1, {\"d\": 2}, []]}, "
	    "\"e\": [1, 2, [3]], \"f\": 3, \"g\": {}}\n"
	    "{\"s\": \"}{][\\\",\", \"t\": [\"]\"], \"u\": 4}\n"
	    "{\"name\": \"run1\", \"ok\": true, \"x\": null, \"epoch\": \"3\","
	    " \"loss\": 0.5, \"q\": \"\\u00e9\\n\"}\n"
	    "{\"a\": NaN, \"b\": -Infinity, \"c\\u0041\": 2, \"sp ace\": 4,"
	    " \"\": 5, \"9x\": 6}\n");
	ASSERT_EQ(g.values, 4);
	ASSERT_EQ(g.l[0].n, 1);
	ASSERT_VAL(&g, 1, "f", 3);
	ASSERT_VAL(&g, 2, "u", 4);
	ASSERT_VAL(&g, 3, "loss", 0.5);
	ASSERT_EQ(g.l[3].n, 5);
	ASSERT(isnan(g.l[3].m[0].value) && !g.l[3].m[0].finite);
	ASSERT_VAL(&g, 4, "cA", 2);
	ASSERT_VAL(&g, 4, "sp ace", 4);
	ASSERT_VAL(&g, 4, "9x", 6);
	got_free(&g);
	ASSERT_NONE("{\"model\": \"mlp\", \"done\": true}\n");
}

/*
 * A key is a metric's name as wandb.log takes it, escapes decoded; a key
 * that would not print as itself (control characters, bad UTF-8, a lone
 * surrogate) or is too long is no name, and the rest of its line stands.
 */
TEST(json_keys_any_name)
{
	char line[400];
	struct got g;
	size_t n;

	RUN(&g, "{\"val loss\": 1, \"val_recall@1\": 2, \"q\\\"x\\\\\\/\": 3,"
	    " \"val_\\u00df\": 4, \"\\ud83d\\ude00\": 5, \"b\\u0000\": 6,"
	    " \"\\u001b[31m\": 7, \"n\\nl\": 8, \"\\ud83d\": 9, \"\\ude00\": 10,"
	    " \"\xff\": 11, \"\xc2\x9b\": 12, \"\xc3\xa9t\xc3\xa9\": 13}\n"
	    "{'best_val F1': 1, 'it\\'s': 2, \"a'b\": 3, 'x\\x41': 4}\n");
	ASSERT_EQ(g.l[0].n, 6);
	ASSERT_VAL(&g, 1, "val loss", 1);
	ASSERT_VAL(&g, 1, "val_recall@1", 2);
	ASSERT_VAL(&g, 1, "q\"x\\/", 3);
	ASSERT_VAL(&g, 1, "val_\xc3\x9f", 4);
	ASSERT_VAL(&g, 1, "\xf0\x9f\x98\x80", 5);
	ASSERT_VAL(&g, 1, "\xc3\xa9t\xc3\xa9", 13);
	ASSERT_EQ(g.l[1].n, 3);
	ASSERT_VAL(&g, 2, "best_val F1", 1);
	ASSERT_VAL(&g, 2, "it's", 2);
	ASSERT_VAL(&g, 2, "a'b", 3);
	got_free(&g);
	/* 128 bytes once decoded is a name; 129 is not. */
	n = (size_t)snprintf(line, sizeof line, "{\"\\u00e9%0*d\": 1, \"a\": 2}\n",
	    HPS_METRIC_NAMEMAX - 2, 0);
	got_run(&g, line, n, NULL, 64);
	ASSERT_EQ(g.l[0].n, 2);
	ASSERT_EQ(g.l[0].m[0].namelen, HPS_METRIC_NAMEMAX);
	got_free(&g);
	n = (size_t)snprintf(line, sizeof line, "{\"\\u00e9%0*d\": 1, \"a\": 2}\n",
	    HPS_METRIC_NAMEMAX - 1, 0);
	got_run(&g, line, n, NULL, 64);
	ASSERT_EQ(g.l[0].n, 1);
	ASSERT_VAL(&g, 1, "a", 2);
	got_free(&g);
}

TEST(json_invalid_gives_nothing)
{
	ASSERT_NONE("{\n");
	ASSERT_NONE("{\"a\": 1\n");
	ASSERT_NONE("{\"a\": 1,}\n");
	ASSERT_NONE("{\"a\" 1}\n");
	ASSERT_NONE("{a: 1}\n");
	ASSERT_NONE("{\"a\": 01}\n");
	ASSERT_NONE("{\"a\": .5}\n");
	ASSERT_NONE("{\"a\": 1.}\n");
	ASSERT_NONE("{\"a\": +1}\n");
	ASSERT_NONE("{\"a\": -NaN}\n");
	ASSERT_NONE("{\"a\": nan}\n");
	ASSERT_NONE("{\"a\": tru}\n");
	ASSERT_NONE("{\"a\": True}\n");
	ASSERT_NONE("{\"a\": 1} trailing\n");
	ASSERT_NONE("{\"a\": 1}{\"b\": 2}\n");
	ASSERT_NONE("{\"a\": 1, \"b\": [1,]}\n");
	ASSERT_NONE("{\"a\": 1, \"b\": [1 2]}\n");
	ASSERT_NONE("{\"a\": 1, \"b\": \"x\\q\"}\n");
	ASSERT_NONE("{\"a\": 1, \"b\": \"\\u12\"}\n");
	ASSERT_NONE("{\"a\": 1, \"b\": \"tab\there\"}\n");
	ASSERT_NONE("{\"a\": 1, \"b\": \"unterminated}\n");
	ASSERT_NONE("{\"a\": 1, \"b\": {\"c\": 2}\n");
	ASSERT_NONE("{\"a\": 1, \"b\": \"nul\0\"}\n");
	ASSERT_NONE("{\"a\": 1\0}\n");
	ASSERT_NONE("{'a': 1, \"b\": (1 2)}\n");
	ASSERT_NONE("{'a': np.float64(1}\n");
}

TEST(json_depth_limited)
{
	struct got g;
	char line[256];
	size_t n;

	n = (size_t)snprintf(line, sizeof line, "{\"x\": 1, \"a\": ");
	memset(line + n, '[', 31);
	memset(line + n + 31, ']', 31);
	memcpy(line + n + 62, "}\n", 2);
	got_run(&g, line, n + 64, NULL, 16);
	ASSERT_EQ(g.values, 1);
	got_free(&g);
	memset(line + n, '[', 40);
	memset(line + n + 40, ']', 40);
	memcpy(line + n + 80, "}\n", 2);
	got_run(&g, line, n + 82, NULL, 16);
	ASSERT_EQ(g.n, 0);
	got_free(&g);
}

/* print(dict) as Hugging Face's Trainer and many scripts write it. */
TEST(python_dicts)
{
	struct got g;

	RUN(&g, "{'loss': 0.6931, 'grad_norm': 2.34, 'learning_rate': 4.5e-05,"
	    " 'epoch': 0.27}\n{'eval_loss': 0.35, 'eval_accuracy': 0.88, "
	    "'eval_runtime': 1.2, 'epoch': 1.0}\n"
	    "{'a': np.float64(0.5), 'b': nan, 'c': -inf, 'd': True, 'e': None,"
	    " 'f': 'x', 'g': (1, 2), 'h': [1.5, {'i': 2}], \"j'\": 3, 'k': 7}\n");
	ASSERT_EQ(g.l[0].form, HPS_MF_PYDICT);
	ASSERT_VAL(&g, 0.27, "loss", 0.6931);
	ASSERT_VAL(&g, 0.27, "learning_rate", 4.5e-05);
	ASSERT_VAL(&g, 1, "eval_loss", 0.35);
	ASSERT_VAL(&g, 1, "eval_accuracy", 0.88);
	ASSERT_VAL(&g, 2, "a", 0.5);
	ASSERT_VAL(&g, 2, "k", 7);
	ASSERT_VAL(&g, 2, "j'", 3);
	ASSERT_EQ(g.l[2].n, 5);
	ASSERT(isnan(g.l[2].m[1].value));
	got_free(&g);
}

TEST(dash_pairs_need_the_dash)
{
	struct got g;

	RUN(&g, "12:30:01 - INFO - lr: 0.01 - time: 12:30 - x:0.5 - y: - z: 2"
	    " -w: 3 - 5a: 1\n");
	ASSERT_EQ(g.l[0].form, HPS_MF_DASH);
	ASSERT_EQ(g.l[0].n, 2);
	ASSERT_VAL(&g, 1, "lr", 0.01);
	ASSERT_VAL(&g, 1, "z", 2);
	got_free(&g);
}

TEST(redraws_keep_last_text)
{
	struct got g;

	RUN(&g, "a=1 b=2\rc=3\na=1\b\b\b\rc\b=\b4\r\n"
	    "\033[1mloss\033[0m=\033[32;1m0.5\033[0m x\033=1\nd=5\r\r\r\n");
	ASSERT_EQ(g.values, 4);
	ASSERT_VAL(&g, 1, "c", 3);
	ASSERT_NOVAL(&g, 1, "a");
	ASSERT_VAL(&g, 2, "c", 4);
	ASSERT_VAL(&g, 3, "loss", 0.5);
	ASSERT_VAL(&g, 4, "d", 5);
	ASSERT_EQ(g.l[3].line, 4);
	got_free(&g);
	ASSERT_NONE("a=1\r\033[\n");
	ASSERT_NONE("a=1 b=2\r\b\b\n");
}

/* The last line counts without its '\n', and with CRLF ends too. */
TEST(unterminated_and_crlf_lines)
{
	struct got g;

	RUN(&g, "epoch=1 val_acc=0.5\r\nepoch=2 val_acc=0.6");
	ASSERT_VAL(&g, 1, "val_acc", 0.5);
	ASSERT_VAL(&g, 2, "val_acc", 0.6);
	ASSERT_EQ(g.l[1].line, 2);
	got_free(&g);
}

TEST(nul_bytes_tolerated)
{
	struct got g;

	RUN(&g, "a=1\0 b=2 c\0=3 d=4\n");
	ASSERT_EQ(g.l[0].n, 2);
	ASSERT_VAL(&g, 1, "b", 2);
	ASSERT_VAL(&g, 1, "d", 4);
	got_free(&g);
	ASSERT_NONE("\0\0\0\0\n");
	ASSERT_NONE("\n\n");
}

TEST(only_equals_and_separators)
{
	ASSERT_NONE("=\n");
	ASSERT_NONE("==========\n");
	ASSERT_NONE("= = = =\n");
	ASSERT_NONE(" - : - : - \n");
	ASSERT_NONE("{{{{\n");
	ASSERT_NONE("}\n");
	ASSERT_NONE("   \t  \n");
}

TEST(too_many_metrics_dropped)
{
	char line[2048];
	struct got g;
	size_t i, n = 0;

	for (i = 0; i < HPS_METRIC_MAX + 6; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "m%zu=%zu ", i,
		    i);
	line[n++] = '\n';
	got_run(&g, line, n, NULL, 100);
	ASSERT_EQ(g.l[0].n, HPS_METRIC_MAX);
	ASSERT_EQ(g.l[0].dropped, 6);
	ASSERT_VAL(&g, 1, "m63", 63);
	got_free(&g);
}

/* 5,000 metrics with the objective last, as key=value words and as JSON
 * (under 64 KiB): the objective takes the last place, whose metric is
 * dropped with the rest. */
TEST(objective_kept_on_full_line)
{
	static const char *const open[] = {"", "{"}, *const sep[] = {"=",
	    "\": "}, *const quote[] = {"", "\""}, *const end[] = {"\n",
	    "}\n"};
	const size_t len = 5000 * 16 + 64;
	char *line = malloc(len);
	struct got g;
	size_t f, i, n;

	ASSERT(line != NULL);
	for (f = 0; f < 2; f++) {
		n = (size_t)snprintf(line, len, "%s", open[f]);
		for (i = 0; i < 5000; i++)
			n += (size_t)snprintf(line + n, len - n, "%s%sm%zu%s%zu",
			    i ? (f ? ", " : " ") : "", quote[f], i, sep[f],
			    i % 10);
		n += (size_t)snprintf(line + n, len - n, "%s%sval_loss%s0.25%s",
		    f ? ", " : " ", quote[f], sep[f], end[f]);
		got_run_for(&g, line, n, NULL, "val_loss", 4096);
		ASSERT_EQ(g.n, 1);
		ASSERT_EQ(g.l[0].n, HPS_METRIC_MAX);
		ASSERT_EQ(g.l[0].dropped, 5001 - HPS_METRIC_MAX);
		ASSERT_VAL(&g, 1, "val_loss", 0.25);
		ASSERT_VAL(&g, 1, "m62", 2);
		ASSERT_NOVAL(&g, 1, "m63");
		got_free(&g);
		/* Without an objective, the first 64 stay. */
		got_run(&g, line, n, NULL, 4096);
		ASSERT_VAL(&g, 1, "m63", 3);
		ASSERT_NOVAL(&g, 1, "val_loss");
		got_free(&g);
	}
	free(line);
}

/* An objective among the first metrics keeps its place like the others. */
TEST(objective_early_on_full_line)
{
	char line[2048];
	struct got g;
	size_t i, n = (size_t)snprintf(line, sizeof line, "acc=0.5 ");

	for (i = 0; i < HPS_METRIC_MAX + 6; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "m%zu=%zu ", i,
		    i);
	line[n++] = '\n';
	got_run_for(&g, line, n, NULL, "acc", 100);
	ASSERT_EQ(g.l[0].n, HPS_METRIC_MAX);
	ASSERT_EQ(g.l[0].dropped, 7);
	ASSERT_VAL(&g, 1, "acc", 0.5);
	ASSERT_VAL(&g, 1, "m62", 62);
	ASSERT_NOVAL(&g, 1, "m63");
	got_free(&g);
}

TEST(is_test_names)
{
	ASSERT(hps_metric_is_test("test_acc"));
	ASSERT(hps_metric_is_test("test_"));
	ASSERT(!hps_metric_is_test("val_acc"));
	ASSERT(!hps_metric_is_test("test"));
	ASSERT(!hps_metric_is_test("my_test_acc"));
	ASSERT(!hps_metric_is_test(NULL));
}

static struct hps_metric_patterns *
patterns(const char *const *src, size_t n)
{
	struct hps_metric_patterns *pat;
	char err[256];
	size_t bad, off;

	if (hps_metric_patterns_new(src, n, &pat, &bad, &off, err,
	    sizeof err) != 0)
		TEST_FAIL_("pattern %zu at %zu: %s", bad, off, err);
	return pat;
}

/* pytorch/examples' mnist prints prose; one pattern reads it. */
TEST(patterns_read_prose)
{
	static const char *const src[] = {
		"Test set: Average loss: (?<test_loss>[0-9.]+), Accuracy: "
		"[0-9]+/[0-9]+ \\((?<test_acc>[0-9]+)%\\)",
		"^Train Epoch: (?<step>[0-9]+) .*Loss: (?<loss>[0-9.]+)$",
	};
	static const char out[] =
	    "Train Epoch: 1 [59520/60000 (99%)]\tLoss: 0.070464\n"
	    "\nTest set: Average loss: 0.0513, Accuracy: 9836/10000 (98%)\n\n"
	    "Train Epoch: 2 [59520/60000 (99%)]\tLoss: 0.051234\n"
	    "epoch=9 loss=1\n"
	    "Test set: Average loss: 0.0402, Accuracy: 9871/10000 (99%)\n";
	struct hps_metric_patterns *pat = patterns(src, 2);
	struct got g;

	got_run(&g, out, sizeof out - 1, pat, 5);
	ASSERT_EQ(g.l[0].form, HPS_MF_PATTERN);
	ASSERT_VAL(&g, 1, "loss", 0.070464);
	ASSERT_VAL(&g, 2, "test_loss", 0.0513);
	ASSERT_VAL(&g, 2, "test_acc", 98);
	ASSERT_VAL(&g, 2, "loss", 0.051234);
	ASSERT_VAL(&g, 9, "loss", 1);
	ASSERT_VAL(&g, 10, "test_acc", 99);
	got_free(&g);
	hps_metric_patterns_free(pat);
}

/* A line a pattern matches is read by nothing else. */
TEST(patterns_take_the_line)
{
	static const char *const src[] = {
		"^epoch=(?<step>\\d+) seen(?<never>x)?", "acc=(?<acc>\\S+)"};
	static const char out[] = "epoch=3 seen loss=0.5\nacc=0.5x\n";
	struct hps_metric_patterns *pat = patterns(src, 2);
	struct got g;

	got_run(&g, out, sizeof out - 1, pat, 64);
	ASSERT_EQ(g.values, 0);
	ASSERT_EQ(g.doubts, 1);
	got_free(&g);
	hps_metric_patterns_free(pat);
}

TEST(patterns_refused_with_pcre2_message)
{
	static const char *const bad[] = {"ok (?<a>1)", "(?<b>[0-9]+"};
	static const char *const unnamed[] = {"loss ([0-9.]+)"};
	struct hps_metric_patterns *pat;
	char err[256];
	size_t which, off;

	ASSERT_EQ(hps_metric_patterns_new(bad, 2, &pat, &which, &off, err,
	    sizeof err), HPS_EPARSE);
	ASSERT(pat == NULL);
	ASSERT_EQ(which, 1);
	ASSERT_EQ(off, 11);
	ASSERT_STR_CONTAINS(err, "missing closing parenthesis");
	ASSERT_EQ(hps_metric_patterns_new(unnamed, 1, &pat, &which, &off, err,
	    sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "names no metric");
}

/* A deterministic generator for the garbage tests. */
static uint32_t
lcg(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

TEST(garbage_random_bytes)
{
	static const char alphabet[] = "=:- {}[]\",.eE0123456789aZ_\r\b\033\t"
	    "nNI\\/'|%\n";
	uint32_t st = 12345;
	struct got g;
	char buf[512];
	size_t i, k, n;

	for (i = 0; i < 4000; i++) {
		n = lcg(&st) % sizeof buf;
		for (k = 0; k < n; k++)
			buf[k] = i % 2 ? (char)lcg(&st) :
			    alphabet[lcg(&st) % (sizeof alphabet - 1)];
		got_run(&g, buf, n, NULL, 1 + i % 97);
		got_free(&g);
	}
}

/* The process's CPU seconds: other work on the machine does not count. */
static double
cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Fill n bytes with pattern repeated after prefix; "" means NULs. */
static void
fill(char *buf, size_t n, const char *prefix, const char *pattern)
{
	size_t i = 0, k = strlen(pattern);

	while (*prefix != '\0' && i < n)
		buf[i++] = *prefix++;
	for (; i < n; i++)
		buf[i] = k > 0 ? pattern[i % k] : '\0';
}

TEST(garbage_long_lines_are_fast)
{
	static const char *cases[][2] = {
		{"", "="}, {"", "a"}, {"", "a="}, {"", "aa=1"}, {"", " - "},
		{"", " - a:"}, {"", " - a: "}, {"", " - a: 1x"}, {"", "a: "},
		{"{", "["}, {"{", "{\"a\":"}, {"{\"a\": ", "1"},
		{"{\"a\": \"", "\\\""}, {"", "\033["}, {"", "\033[1"},
		{"", "\b"}, {"", "\r"}, {"", ""}, {"", "0"}, {"", "-"},
		{"Epoch ", "9"}, {"", " ETA:"}, {"", "1/"}, {"", "a=1 "},
		{"1/1 [", "="}, {"1/1 - ", " - a: 1"}, {"[1]\t", "a:1\t"},
		{"Epoch 1: 1%|", "|"}, {"epoch ", "a "}, {"{'", "a': ("},
	};
	enum { LEN = 64 * 1024 - 1, REPS = 4 };
	struct got g;
	double t0, dt;
	char *buf;
	size_t i, r;

	buf = malloc(LEN + 1);
	ASSERT(buf != NULL);
	t0 = cpu_s();
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (r = 0; r < REPS; r++) {
			fill(buf, LEN, cases[i][0], cases[i][1]);
			buf[LEN] = '\n';
			got_run(&g, buf, LEN + 1, NULL, 65536);
			got_free(&g);
		}
	}
	dt = cpu_s() - t0;
	/* Linear work is a few ms here; quadratic would take minutes. */
	if (dt > 5.0)
		TEST_FAIL_("64 KiB lines took %.2f s", dt);
	free(buf);
}

TEST_MAIN(kv_epoch_gives_step, kv_step_wins_over_epoch,
    kv_bad_step_is_doubtful, fractional_steps_never_collide,
    stepless_lines_follow_the_last_step, kv_ignores_other_words,
    reprs_are_not_metric_lines, kv_names, kv_trailing_comma,
    repeated_names_are_doubtful, numbers_fully_consumed,
    numbers_read_as_strtod_reads_them, nonfinite_values,
    json_flat, json_nested_and_non_numbers_skipped, json_keys_any_name,
    json_invalid_gives_nothing, json_depth_limited, python_dicts,
    dash_pairs_need_the_dash, redraws_keep_last_text,
    unterminated_and_crlf_lines, nul_bytes_tolerated,
    only_equals_and_separators, too_many_metrics_dropped,
    objective_kept_on_full_line, objective_early_on_full_line, is_test_names,
    patterns_read_prose, patterns_take_the_line,
    patterns_refused_with_pcre2_message, garbage_random_bytes,
    garbage_long_lines_are_fast)
