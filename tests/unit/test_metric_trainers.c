/*
 * Unit tests for the readers of the trainers other than Keras: PyTorch
 * Lightning's tqdm bar (core/metric_tqdm.c), Hugging Face's Trainer
 * (metric_hf.c with metric_json.c), XGBoost and LightGBM (metric_boost.c)
 * and fastai's table (metric_table.c). The fixtures in tests/data/trainers
 * are the libraries' own output (make_fixtures.py there says how each was
 * made), each with what must be recorded beside it.
 */
#include "metric_helper.h"

/* Finding 5: one step per epoch, every postfix value, v_num ignored. */
TEST(lightning)
{
	struct got g;
	size_t len;
	char *text;

	got_fixture("trainers/lightning_fit.txt");
	text = got_slurp("trainers/lightning_fit.txt", &len);
	got_run(&g, text, len, NULL, 4096);
	ASSERT_EQ(g.values, 3);
	ASSERT_EQ(g.l[0].form, HPS_MF_LIGHTNING);
	ASSERT_VAL(&g, 2, "val_acc", 0.862);
	got_free(&g);
	free(text);
}

/* An epoch without validation shows the last one's val_* again. */
TEST(lightning_stale_validation)
{
	got_fixture("trainers/lightning_val_every_2.txt");
	got_fixture("trainers/lightning_crash_in_validation.txt");
}

/*
 * trainer.test()'s results table, drawn by rich (in a pipe and in a
 * terminal 80 wide that cuts the values short), as plain lines, and as
 * Lightning before 1.6 printed a dict, read as test_* at the last epoch's
 * step; validate()'s is skipped.
 */
TEST(lightning_results_table)
{
	got_fixture("trainers/lightning_test_rich.txt");
	got_fixture("trainers/lightning_test_plain.txt");
	got_fixture("trainers/lightning_test_tty.txt");
	got_fixture("trainers/lightning_test_dict.txt");
}

/*
 * Rich's table where the output's encoding is ASCII (rich 13's own
 * bytes); a table cut off is doubtful as a whole; bars of dashes that
 * begin no table leave the lines after them to the other forms.
 */
TEST(lightning_results_table_edges)
{
	char name[HPS_METRIC_NAMEMAX + 2], text[1024], big[12000], big0[2000];
	struct got g;
	size_t i, len;

	memset(big0, 'x', sizeof big0);

	RUN(&g, "+-------------------------------------------------------+\n"
	    "|        Test metric        |       DataLoader 0        |\n"
	    "|---------------------------+---------------------------|\n"
	    "|         test_acc          |            0.5            |\n"
	    "+-------------------------------------------------------+\n");
	ASSERT_EQ(g.doubts, 0);
	ASSERT_VAL(&g, 0, "test_acc", 0.5);
	got_free(&g);
	RUN(&g, "epoch=1 val_acc=0.5\n"
	    "\xe2\x94\x8f\xe2\x94\x81\xe2\x94\x93\n"
	    "\xe2\x94\x83 Test metric \xe2\x94\x83 DataLoader 0 "
	    "\xe2\x94\x83\n\xe2\x94\xa1\xe2\x94\x81\xe2\x94\xa9\n"
	    "\xe2\x94\x82 test_acc \xe2\x94\x82 0.5 \xe2\x94\x82\n"
	    "Traceback (most recent call last):\n");
	ASSERT_EQ(g.doubts, 1);
	ASSERT_NOVAL(&g, 1, "test_acc");
	got_free(&g);
	/* Names too long to keep with the dataloader's suffix. */
	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	snprintf(text, sizeof text, "+--+\n| Test metric | DataLoader 0 | "
	    "DataLoader 1 |\n|--+--+--|\n| %s | 0.5 | 0.25 |\n| %.110s | 1 |"
	    "  |\n+--+\n", name, name);
	got_run(&g, text, strlen(text), NULL, 7);
	ASSERT_EQ(g.doubts, 2);
	ASSERT_EQ(g.values, 0);
	got_free(&g);
	/* A printed dict too long to read, over several lines. */
	for (i = 0, len = 0; i < 5; i++)
		len += (size_t)snprintf(big + len, sizeof big - len, "%s%.1990s\n",
		    i == 0 ? "------------------------------\n"
		    "DATALOADER:0 TEST RESULTS\n{'test_acc': 0.5," : " ", big0);
	len += (size_t)snprintf(big + len, sizeof big - len, " 'x': 1}\n"
	    "------------------------------\n");
	got_run(&g, big, len, NULL, 512);
	ASSERT_EQ(g.doubts, 1);
	ASSERT_EQ(g.values, 0);
	got_free(&g);
	RUN(&g, "------------------------------\nepoch=1 loss=0.5\n"
	    "------------------------------\nTest metric\nepoch=2 loss=0.4\n");
	ASSERT_EQ(g.doubts, 0);
	ASSERT_VAL(&g, 1, "loss", 0.5);
	ASSERT_VAL(&g, 2, "loss", 0.4);
	got_free(&g);
}

/* The bar as a terminal cuts it: only whole items count. */
TEST(lightning_cut_and_reset_bars)
{
	struct got g;

	RUN(&g, "\rEpoch 0: 100%|##| 9/9 [00:01<00:00, 8.1it/s, v_num=3, "
	    "loss=0.312, val_acc=0.8\rEpoch 0:   0%|  | 0/9 [00:00<?, ?it/s, "
	    "v_num=3, loss=0.312, val_acc=0.823]\rEpoch 1:  11%|#| 1/9 "
	    "[00:00<00:01, 8.0it/s, v_num=3, loss=0.2, val_acc=0.823]\n");
	ASSERT_EQ(g.values, 1);
	ASSERT_VAL(&g, 0, "loss", 0.312);
	ASSERT_NOVAL(&g, 0, "val_acc");
	ASSERT_NOVAL(&g, 0, "v_num");
	/* Epoch 1 ended short of its total. */
	ASSERT_EQ(g.doubts, 1);
	got_free(&g);
}

/*
 * Finding 7 and issue 30 item 8: dict lines at fractional epochs, eval
 * lines and blocks after train() as test_*, TrainOutput(...) unread.
 */
TEST(hugging_face)
{
	got_fixture("trainers/hf_trainer.txt");
	got_fixture("trainers/hf_trainer_merged.txt");
}

TEST(hugging_face_block_without_epoch)
{
	struct got g;

	RUN(&g, "***** predict metrics *****\n  predict_loss = 0.25\n"
	    "{'eval_loss': 0.3, 'epoch': 2.0}\n***** test metrics *****\n"
	    "  test_loss            =    0.2468\n  test_runtime = 0:00:01.20\n"
	    "done\n");
	ASSERT_EQ(g.doubts, 1);
	ASSERT_VAL(&g, 2, "eval_loss", 0.3);
	ASSERT_VAL(&g, 2, "test_loss", 0.2468);
	got_free(&g);
}

TEST(xgboost)
{
	struct got g;

	got_fixture("trainers/xgboost.txt");
	RUN(&g, "[0]\ttrain-rmse:0.35012+0.01000\ttest-rmse:0.36010+0.02001\n"
	    "[1]\teval-ndcg@5:0.81\teval-error@0.7:0.1\n[2]\ta:1\tb\n");
	ASSERT_EQ(g.l[0].form, HPS_MF_XGBOOST);
	ASSERT_VAL(&g, 0, "train-rmse", 0.35012);
	ASSERT_VAL(&g, 0, "test-rmse", 0.3601);
	ASSERT_VAL(&g, 1, "eval-ndcg@5", 0.81);
	ASSERT_VAL(&g, 1, "eval-error@0.7", 0.1);
	ASSERT_EQ(g.doubts, 1);
	got_free(&g);
}

TEST(lightgbm)
{
	got_fixture("trainers/lightgbm.txt");
	ASSERT_NONE("[LightGBM] [Info] Total Bins 1275\n");
	ASSERT_NONE("[LightGBM] [Warning] No further splits with positive"
	    " gain, best gain: -inf\n");
}

/* fastai's table; fine_tune()'s second table continues the steps. */
TEST(fastai)
{
	got_fixture("trainers/fastai.txt");
}

TEST_MAIN(lightning, lightning_stale_validation, lightning_results_table,
    lightning_results_table_edges, lightning_cut_and_reset_bars,
    hugging_face, hugging_face_block_without_epoch, xgboost, lightgbm,
    fastai)
