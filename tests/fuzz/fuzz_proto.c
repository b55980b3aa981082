/* libFuzzer target: the socket protocol's decoders never crash or leak. */
#include <stddef.h>
#include <stdint.h>

#include "hps/error.h"
#include "hps/proto.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hps_request req;
	char err[HPS_ERRMAX];
	json_t *res;

	hps_proto_decode_request((const char *)data, size, &req, err,
	    sizeof err);
	hps_request_clear(&req);
	if (hps_proto_decode_reply((const char *)data, size, &res, err,
	    sizeof err) == 0)
		json_decref(res);
	return 0;
}
