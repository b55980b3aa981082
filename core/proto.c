/* Encoding and checking of protocol messages (see hps/proto.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/proto.h"

static int
decode_object(const char *line, size_t len, json_t **out, char *err,
    size_t errlen)
{
	json_error_t jerr;

	*out = NULL;
	if (len > HPS_PROTO_MAXMSG)
		return hps_errf(err, errlen, HPS_ETOOBIG,
		    "message of %zu bytes exceeds the %d-byte limit", len,
		    HPS_PROTO_MAXMSG);
	if (memchr(line, '\0', len) != NULL)
		return hps_errf(err, errlen, HPS_EPROTO,
		    "message contains a NUL byte");
	*out = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (*out == NULL)
		return hps_errf(err, errlen, HPS_EPROTO,
		    "invalid JSON at column %d: %s", jerr.column, jerr.text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return hps_errf(err, errlen, HPS_EPROTO,
		    "a message must be a JSON object");
	}
	return 0;
}

int
hps_proto_decode_request(const char *line, size_t len,
    struct hps_request *req, char *err, size_t errlen)
{
	json_t *v, *id, *cmd;
	int rc;

	memset(req, 0, sizeof *req);
	if ((rc = decode_object(line, len, &req->root, err, errlen)) != 0)
		return rc;
	id = json_object_get(req->root, "id");
	if (json_is_integer(id))
		req->id = json_integer_value(id);
	v = json_object_get(req->root, "v");
	if (!json_is_integer(v) || json_integer_value(v) != HPS_PROTO_VERSION)
		return hps_errf(err, errlen, HPS_EPROTO,
		    "\"v\" must be %d (this hpsd speaks protocol version %d)",
		    HPS_PROTO_VERSION, HPS_PROTO_VERSION);
	if (!json_is_integer(id))
		return hps_errf(err, errlen, HPS_EPROTO,
		    "\"id\" must be an integer");
	cmd = json_object_get(req->root, "cmd");
	if (!json_is_string(cmd))
		return hps_errf(err, errlen, HPS_EPROTO,
		    "\"cmd\" must be a string naming a command");
	req->cmd = json_string_value(cmd);
	req->args = json_object_get(req->root, "args");
	if (req->args == NULL) {
		req->args = json_object();
		json_object_set_new(req->root, "args", req->args);
	}
	if (!json_is_object(req->args))
		return hps_errf(err, errlen, HPS_EPROTO,
		    "\"args\" must be an object");
	return 0;
}

void
hps_request_clear(struct hps_request *req)
{
	json_decref(req->root);
	memset(req, 0, sizeof *req);
}

/* Serialise msg (stolen) as one line. */
static char *
encode(json_t *msg, size_t *len_out)
{
	char *s, *line;
	size_t n;

	if (msg == NULL)
		return NULL;
	s = json_dumps(msg, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(msg);
	if (s == NULL)
		return NULL;
	n = strlen(s);
	line = realloc(s, n + 2);
	if (line == NULL) {
		free(s);
		return NULL;
	}
	line[n] = '\n';
	line[n + 1] = '\0';
	*len_out = n + 1;
	return line;
}

char *
hps_proto_request(long long id, const char *cmd, json_t *args,
    size_t *len_out)
{
	return encode(json_pack("{s:i, s:I, s:s, s:o}", "v", HPS_PROTO_VERSION,
	    "id", (json_int_t)id, "cmd", cmd, "args",
	    args ? args : json_object()), len_out);
}

char *
hps_proto_result(long long id, json_t *result, size_t *len_out)
{
	return encode(json_pack("{s:i, s:I, s:o}", "v", HPS_PROTO_VERSION,
	    "id", (json_int_t)id, "result", result ? result : json_object()),
	    len_out);
}

char *
hps_proto_error(long long id, int code, const char *message,
    size_t *len_out)
{
	return encode(json_pack("{s:i, s:I, s:{s:s, s:s}}", "v",
	    HPS_PROTO_VERSION, "id", (json_int_t)id, "error", "code",
	    hps_err_name(code), "message", message), len_out);
}

/* Map an error name back to its code; HPS_EPROTO for unknown names. */
static int
err_code(const char *name)
{
	int code;

	for (code = HPS__EFIRST + 1; code < 0; code++)
		if (strcmp(hps_err_name(code), name) == 0)
			return code;
	return HPS_EPROTO;
}

int
hps_proto_decode_reply(const char *line, size_t len, json_t **result,
    char *err, size_t errlen)
{
	const char *code, *msg;
	json_t *root, *e;
	int rc;

	*result = NULL;
	if ((rc = decode_object(line, len, &root, err, errlen)) != 0)
		return rc;
	if ((e = json_object_get(root, "error")) != NULL) {
		code = json_string_value(json_object_get(e, "code"));
		msg = json_string_value(json_object_get(e, "message"));
		rc = err_code(code ? code : "");
		hps_errf(err, errlen, rc, "%s", msg ? msg : "unknown error");
	} else if ((*result = json_object_get(root, "result")) != NULL)
		json_incref(*result);
	else
		rc = hps_errf(err, errlen, HPS_EPROTO,
		    "reply has neither \"result\" nor \"error\"");
	json_decref(root);
	return rc;
}

json_t *
hps_proto_step(double step)
{
	if (step == floor(step) && fabs(step) < 9007199254740992.0)
		return json_integer((json_int_t)step);
	return json_real(step);
}
