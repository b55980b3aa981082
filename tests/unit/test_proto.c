/* Unit tests for core/proto.c: the socket protocol's boundary. */
#include <stdlib.h>

#include "hps/error.h"
#include "hps/proto.h"
#include "test.h"

static int
decode(const char *line, struct hps_request *req, char *err)
{
	return hps_proto_decode_request(line, strlen(line), req, err,
	    HPS_ERRMAX);
}

TEST(valid_request)
{
	struct hps_request req;
	char err[HPS_ERRMAX];

	ASSERT_EQ(decode("{\"v\":1,\"id\":9,\"cmd\":\"best\",\"args\":"
	    "{\"study\":\"x\"}}", &req, err), 0);
	ASSERT_EQ(req.id, 9);
	ASSERT_STR_EQ(req.cmd, "best");
	ASSERT_STR_EQ(json_string_value(json_object_get(req.args, "study")),
	    "x");
	hps_request_clear(&req);
	ASSERT_EQ(decode("{\"v\":1,\"id\":1,\"cmd\":\"status\"}", &req, err),
	    0);
	ASSERT(json_is_object(req.args));
	hps_request_clear(&req);
}

TEST(bad_requests_name_the_problem)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
		{"not json", "invalid JSON"},
		{"[1,2]", "must be a JSON object"},
		{"{\"id\":1,\"cmd\":\"x\"}", "\"v\" must be 1"},
		{"{\"v\":2,\"id\":1,\"cmd\":\"x\"}", "\"v\" must be 1"},
		{"{\"v\":1,\"cmd\":\"x\"}", "\"id\" must be an integer"},
		{"{\"v\":1,\"id\":1}", "\"cmd\" must be a string"},
		{"{\"v\":1,\"id\":1,\"cmd\":\"x\",\"args\":[]}", "\"args\" must"},
		{"{\"v\":1,\"v\":1,\"id\":1,\"cmd\":\"x\"}", "invalid JSON"},
	};
	struct hps_request req;
	char err[HPS_ERRMAX];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ASSERT_EQ(decode(cases[i].line, &req, err), HPS_EPROTO);
		ASSERT_STR_CONTAINS(err, cases[i].msg);
		hps_request_clear(&req);
	}
}

TEST(error_reply_keeps_the_id)
{
	struct hps_request req;
	char err[HPS_ERRMAX];

	ASSERT_EQ(decode("{\"v\":3,\"id\":42,\"cmd\":\"x\"}", &req, err),
	    HPS_EPROTO);
	ASSERT_EQ(req.id, 42);
	hps_request_clear(&req);
}

TEST(oversized_and_nul_messages)
{
	struct hps_request req;
	char err[HPS_ERRMAX], *big = malloc(HPS_PROTO_MAXMSG + 2);

	memset(big, ' ', HPS_PROTO_MAXMSG + 1);
	ASSERT_EQ(hps_proto_decode_request(big, HPS_PROTO_MAXMSG + 1, &req, err,
	    sizeof err), HPS_ETOOBIG);
	hps_request_clear(&req);
	free(big);
	ASSERT_EQ(hps_proto_decode_request("{\"v\":1\0}", 8, &req, err,
	    sizeof err), HPS_EPROTO);
	ASSERT_STR_CONTAINS(err, "NUL");
	hps_request_clear(&req);
}

TEST(round_trip_result_and_error)
{
	char err[HPS_ERRMAX], *line;
	json_t *res;
	size_t len;

	line = hps_proto_result(3, json_pack("{s:i}", "n", 5), &len);
	ASSERT(line[len - 1] == '\n');
	ASSERT_EQ(hps_proto_decode_reply(line, len - 1, &res, err, sizeof err),
	    0);
	ASSERT_EQ(json_integer_value(json_object_get(res, "n")), 5);
	json_decref(res);
	free(line);
	line = hps_proto_error(3, HPS_ENOTFOUND, "no study named 'x'", &len);
	ASSERT_EQ(hps_proto_decode_reply(line, len - 1, &res, err, sizeof err),
	    HPS_ENOTFOUND);
	ASSERT_STR_EQ(err, "no study named 'x'");
	ASSERT(res == NULL);
	free(line);
	line = hps_proto_request(8, "status", NULL, &len);
	struct hps_request req;
	ASSERT_EQ(hps_proto_decode_request(line, len - 1, &req, err,
	    sizeof err), 0);
	ASSERT_EQ(req.id, 8);
	hps_request_clear(&req);
	free(line);
}

TEST_MAIN(valid_request, bad_requests_name_the_problem,
    error_reply_keeps_the_id, oversized_and_nul_messages,
    round_trip_result_and_error)
