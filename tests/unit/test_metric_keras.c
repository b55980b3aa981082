/*
 * Unit tests for the Keras reader (core/metric_keras.c). The fixtures in
 * tests/data/keras are byte-exact Progbar output of every Keras release
 * family, with what must be recorded beside each (make_fixtures.py there
 * writes both); the other cases are the exact bytes of issue 27's
 * findings.
 */
#include "metric_helper.h"

TEST(fixtures_keras1)
{
	got_fixture("keras/k1_v1.txt");
	got_fixture("keras/k1_v2.txt");
}

/* Finding 6: Keras 2.2 in a pipe prints every redraw as a line. */
TEST(fixtures_keras22)
{
	got_fixture("keras/k22_v1_pipe.txt");
	got_fixture("keras/k22_v1_tty.txt");
	got_fixture("keras/k22_v2.txt");
}

TEST(fixtures_tf_keras)
{
	got_fixture("keras/v1_tty_keras2.txt");
	got_fixture("keras/v1_pipe_keras2.txt");
	got_fixture("keras/v2_keras2.txt");
}

TEST(fixtures_keras3)
{
	got_fixture("keras/v1_tty_keras3.txt");
	got_fixture("keras/v1_pipe_keras3.txt");
	got_fixture("keras/v2_keras3.txt");
}

/* Finding 1: evaluate() after fit() is test_*, never the last epoch. */
TEST(fixtures_evaluate_after_fit)
{
	got_fixture("keras/tf2_v1_evaluate.txt");
	got_fixture("keras/tf2_v1_evaluate_nb.txt");
	got_fixture("keras/tf2_v2_evaluate.txt");
	got_fixture("keras/k3_v1_evaluate.txt");
	got_fixture("keras/k3_v1_evaluate_nb.txt");
	got_fixture("keras/k3_v2_evaluate.txt");
}

/* Finding 1: a second fit() continues the steps. */
TEST(fixtures_fit_again)
{
	got_fixture("keras/tf2_fit_again.txt");
}

/* Finding 2: Keras 3's fit(epochs=1) in a loop, a callback between. */
TEST(fixtures_keras3_loop)
{
	got_fixture("keras/k3_loop.txt");
	got_fixture("keras/k3_loop_callback.txt");
	got_fixture("keras/k3_loop_callback_nb.txt");
}

/* Finding 1, replayed as the issue gives it. */
TEST(issue_evaluate_bytes)
{
	static const char out[] =
	    "Epoch 1/2\n"
	    "10/10 [==============================] - 1s 5ms/step - loss: 0.6000"
	    " - accuracy: 0.7000 - val_loss: 0.5000 - val_accuracy: 0.7500\n"
	    "Epoch 2/2\n"
	    "10/10 [==============================] - 0s 4ms/step - loss: 0.4000"
	    " - accuracy: 0.8000 - val_loss: 0.4500 - val_accuracy: 0.7800\n"
	    "4/4 [==============================] - 0s 2ms/step - loss: 0.4700"
	    " - accuracy: 0.7700\n";
	struct got g;

	RUN(&g, out);
	ASSERT_VAL(&g, 2, "loss", 0.4);
	ASSERT_VAL(&g, 2, "accuracy", 0.8);
	ASSERT_VAL(&g, 2, "val_accuracy", 0.78);
	ASSERT_VAL(&g, 2, "test_loss", 0.47);
	ASSERT_VAL(&g, 2, "test_accuracy", 0.77);
	ASSERT_EQ(g.l[2].form, HPS_MF_KERAS_EVAL);
	ASSERT_EQ(g.l[2].line, 5);
	ASSERT_EQ(got_nvalues(&g), 10);
	got_free(&g);
}

TEST(issue_evaluate_keras3_bytes)
{
	static const char v1[] =
	    "Epoch 1/1\n"
	    "1875/1875 \033[32m━━━━━━━━━━━━━━━━━━━━\033[0m\033[37m\033[0m \033[1m3s"
	    "\033[0m 1ms/step - accuracy: 0.9012 - loss: 0.3311 - val_accuracy:"
	    " 0.9601 - val_loss: 0.1354\n"
	    "313/313 ━━━━━━━━━━━━━━━━━━━━ 1s 2ms/step - accuracy: 0.9895 - loss:"
	    " 0.0582\n";
	static const char v2[] =
	    "Epoch 1/2\n1875/1875 - 3s - 2ms/step - accuracy: 0.7912 - loss:"
	    " 0.5912 - val_accuracy: 0.8012 - val_loss: 0.5613\n"
	    "Epoch 2/2\n1875/1875 - 3s - 2ms/step - accuracy: 0.8212 - loss:"
	    " 0.4912 - val_accuracy: 0.8101 - val_loss: 0.5334\n"
	    "313/313 - 3s - 8ms/step - accuracy: 0.8135 - loss: 0.5536\n";
	struct got g;

	RUN(&g, v1);
	ASSERT_VAL(&g, 1, "val_loss", 0.1354);
	ASSERT_VAL(&g, 1, "accuracy", 0.9012);
	ASSERT_VAL(&g, 1, "test_accuracy", 0.9895);
	ASSERT_VAL(&g, 1, "test_loss", 0.0582);
	got_free(&g);
	RUN(&g, v2);
	ASSERT_VAL(&g, 2, "accuracy", 0.8212);
	ASSERT_VAL(&g, 2, "test_accuracy", 0.8135);
	ASSERT_VAL(&g, 2, "test_loss", 0.5536);
	ASSERT_EQ(got_nvalues(&g), 10);
	got_free(&g);
}

/* Finding 3: a name twice in a line is redraw debris; it is counted. */
TEST(issue_debris_line)
{
	static const char out[] =
	    "Epoch 1/2\n100/100 [==============================] - 22s - loss: "
	    "0.6609 - acc: 0.5913 - val_loss: 0.6663 - val_acc: 0.5711.594 - "
	    "ETA: 7s - loss: 0.6655 - ETA: 1s - loss: 0.6620 - acc: \n"
	    "Epoch 2/2\n100/100 [==============================] - 21s - loss: "
	    "0.5512 - acc: 0.6913 - val_loss: 0.5663 - val_acc: 0.6711\n"
	    "100/100 [==============================] - 22s - loss: 0.6609 - "
	    "acc: 0.5913 - loss: 0.6655\n";
	struct got g;

	RUN(&g, out);
	ASSERT_EQ(g.doubts, 2);
	ASSERT_EQ(g.l[0].line, 2);
	ASSERT_NOVAL(&g, 1, "loss");
	ASSERT_VAL(&g, 2, "loss", 0.5512);
	ASSERT_VAL(&g, 2, "val_acc", 0.6711);
	ASSERT_EQ(got_nvalues(&g), 4);
	got_free(&g);
}

/* Finding 6: a running average inside the epoch is never reported. */
TEST(partial_bars_never_reported)
{
	static const char out[] =
	    "Epoch 1/2\n\n  32/1000 [>.............................] - ETA: 3s"
	    " - loss: 0.1000 - acc: 1.0000\n"
	    " 992/1000 [============================>.] - ETA: 0s - loss: 0.3100"
	    " - acc: 0.8900\n"
	    "1000/1000 [==============================] - 1s 1ms/step - loss: "
	    "0.3000 - acc: 0.9000 - val_loss: 0.3500 - val_acc: 0.8800\n"
	    "Epoch 2/2\n\n  32/1000 [>.............................] - ETA: 3s"
	    " - loss: 0.2000 - acc: 0.9700\n"
	    "    120/Unknown - 5s 40ms/step - loss: 0.2\n"
	    "1000/1000 [==============================] - ETA: 0s - loss: "
	    "0.2500 - acc: 0.9200\n";
	struct got g;

	RUN(&g, out);
	ASSERT_EQ(g.values, 1);
	ASSERT_EQ(g.doubts, 0);
	ASSERT_VAL(&g, 1, "acc", 0.9);
	ASSERT_EQ(got_nvalues(&g), 4);
	got_free(&g);
}

TEST(headers)
{
	struct got g;

	RUN(&g, "Epoch 3/20\n10/10 [====] - 0s 2ms/step - loss: 0.5\n"
	    "\033[H\033[KEpoch 4/20 \n10/10 [====] - 0s - loss: 0.4\n"
	    "Epoch 0/20\nEpoch 5/20 done\nEpoch 5\n"
	    "10/10 [====] - 0s - loss: 0.3 - val_loss: 0.1\ntest_acc=0.9\n");
	ASSERT_VAL(&g, 3, "loss", 0.5);
	ASSERT_VAL(&g, 4, "loss", 0.4);
	/* With val_*, a bar without a header is a fit(epochs=1). */
	ASSERT_VAL(&g, 5, "loss", 0.3);
	/*
	 * A line without a step follows the last one reported; the epoch
	 * line is reported only at the end of the output, after it.
	 */
	ASSERT_VAL(&g, 5, "test_acc", 0.9);
	got_free(&g);
}

/* A first bar without val_* followed by a header was evaluate(). */
TEST(evaluate_before_fit_is_doubtful)
{
	struct got g;

	RUN(&g, "313/313 [====] - 1s 2ms/step - loss: 2.3 - accuracy: 0.1\n"
	    "Epoch 1/2\n10/10 [====] - 1s - loss: 0.6 - accuracy: 0.7\n"
	    "Epoch 2/2\n10/10 [====] - 1s - loss: 0.4 - accuracy: 0.8\n");
	ASSERT_EQ(g.doubts, 1);
	ASSERT_EQ(g.l[0].line, 1);
	ASSERT_VAL(&g, 1, "loss", 0.6);
	ASSERT_VAL(&g, 2, "loss", 0.4);
	ASSERT_EQ(got_nvalues(&g), 4);
	got_free(&g);
	/* Alone, it is a fit(epochs=1) without validation. */
	RUN(&g, "10/10 [====] - 1s - loss: 0.6 - accuracy: 0.7\n");
	ASSERT_VAL(&g, 1, "loss", 0.6);
	got_free(&g);
}

/*
 * After fit(epochs > 1) without validation, a bar of the training size
 * could be another fit() or an evaluate() on data of that size: doubtful.
 * Of another size it is evaluate(); in a loop of fit(epochs=1) it trains.
 */
TEST(ambiguous_bars)
{
	struct got g;

	RUN(&g, "Epoch 1/2\n10/10 [====] - 1s - loss: 0.6\n"
	    "Epoch 2/2\n10/10 [====] - 1s - loss: 0.4\n"
	    "10/10 [====] - 1s - loss: 0.3\n4/4 [====] - 0s - loss: 0.5\n");
	ASSERT_EQ(g.doubts, 1);
	ASSERT_EQ(g.l[2].line, 5);
	ASSERT_VAL(&g, 2, "test_loss", 0.5);
	ASSERT_NOVAL(&g, 3, "loss");
	got_free(&g);
	RUN(&g, "10/10 [====] - 1s - loss: 0.6\n10/10 [====] - 1s - loss: 0.4\n"
	    "4/4 [====] - 0s - loss: 0.5\n10/10 [====] - 1s - loss: 0.3\n");
	ASSERT_EQ(g.doubts, 0);
	ASSERT_VAL(&g, 1, "loss", 0.6);
	ASSERT_VAL(&g, 2, "loss", 0.4);
	ASSERT_VAL(&g, 2, "test_loss", 0.5);
	ASSERT_VAL(&g, 3, "loss", 0.3);
	got_free(&g);
}

/*
 * Keras 3 draws a last batch just like a fast epoch's final line ("0s",
 * count at target). Two such lines in a row are two epochs; a redraw of
 * the line before (backspaces), or one that adds val_* after a callback's
 * "Epoch N:" message, is the same epoch's final line.
 */
TEST(keras3_zero_second_lines)
{
	struct got g;

	RUN(&g, "1/1 ━━━━━━━━━━━━━━━━━━━━ 0s 9ms/step - loss: 0.5\n"
	    "1/1 ━━━━━━━━━━━━━━━━━━━━ 0s 9ms/step - loss: 0.4\n");
	ASSERT_VAL(&g, 1, "loss", 0.5);
	ASSERT_VAL(&g, 2, "loss", 0.4);
	got_free(&g);
	RUN(&g, "\r469/469 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - loss: 0.5123\n"
	    "Epoch 1: val_loss improved from inf to 0.31000\n"
	    "\b\b\b\b\r469/469 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - loss: 0.5000"
	    "\n");
	ASSERT_EQ(got_nvalues(&g), 1);
	ASSERT_VAL(&g, 1, "loss", 0.5);
	got_free(&g);
	RUN(&g, "469/469 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - loss: 0.5123\n"
	    "saving\n469/469 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - loss: 0.5000 -"
	    " val_loss: 0.3100\n");
	ASSERT_EQ(got_nvalues(&g), 2);
	ASSERT_VAL(&g, 1, "loss", 0.5);
	got_free(&g);
}

/* Keras values are numbers: anything else makes the line doubtful. */
TEST(bad_values_are_doubtful)
{
	struct got g;

	RUN(&g, "9/9 [====] - 1s - loss: nan - acc: 0.1\n"
	    "9/9 [====] - 1s - loss: 0.5\0 - acc: 0.5\n"
	    "9/8 [====] - 1s - loss: 0.5\n");
	ASSERT_EQ(g.values, 1);
	ASSERT_EQ(g.doubts, 2);
	ASSERT(!g.l[2].m[0].finite);
	got_free(&g);
}

TEST_MAIN(fixtures_keras1, fixtures_keras22, fixtures_tf_keras,
    fixtures_keras3, fixtures_evaluate_after_fit, fixtures_fit_again,
    fixtures_keras3_loop, issue_evaluate_bytes, issue_evaluate_keras3_bytes,
    issue_debris_line, partial_bars_never_reported, headers,
    evaluate_before_fit_is_doubtful, ambiguous_bars,
    keras3_zero_second_lines, bad_values_are_doubtful)
