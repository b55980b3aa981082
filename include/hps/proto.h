/*
 * The socket protocol: one JSON object per line each way.
 *
 *   request  {"v": 1, "id": 7, "cmd": "best", "args": {"study": "x"}}
 *   reply    {"v": 1, "id": 7, "result": {...}}
 *   error    {"v": 1, "id": 7, "error": {"code": "ENOTFOUND",
 *                                         "message": "..."}}
 *
 * hps_proto_decode_request is the daemon's boundary for socket input.
 */
#ifndef HPS_PROTO_H
#define HPS_PROTO_H

#include <jansson.h>
#include <stddef.h>

#define HPS_PROTO_VERSION 1
/* Longest message either side accepts, newline excluded. */
#define HPS_PROTO_MAXMSG (1024 * 1024)

struct hps_request {
	json_t *root;		/* owns everything below */
	long long id;
	const char *cmd;
	json_t *args;		/* an object, possibly empty */
};

/*
 * Decode one request line. On error returns HPS_EPROTO (or HPS_ETOOBIG)
 * with a message, and req->id holds the id if one could be read (else 0)
 * so the error reply can carry it.
 */
int hps_proto_decode_request(const char *line, size_t len,
    struct hps_request *req, char *err, size_t errlen);
void hps_request_clear(struct hps_request *req);

/* A step as JSON: an integer when whole, else a real (an epoch of 0.5). */
json_t *hps_proto_step(double step);

/*
 * Encode messages as a malloc'ed, '\n'-terminated line; *len_out gets the
 * length. Each steals the reference to the json_t passed in. NULL on
 * out-of-memory.
 */
char *hps_proto_request(long long id, const char *cmd, json_t *args,
    size_t *len_out);
char *hps_proto_result(long long id, json_t *result, size_t *len_out);
char *hps_proto_error(long long id, int code, const char *message,
    size_t *len_out);

/*
 * Decode a reply line (client side). Returns 0 and *result (a new
 * reference) on success; on an error reply returns the error's code as a
 * negative HPS_E* and copies its message into err.
 */
int hps_proto_decode_reply(const char *line, size_t len, json_t **result,
    char *err, size_t errlen);

#endif
