// HMAC-SHA256 for Jupyter message signatures (libssl-dev): one call, no context objects.
#include <openssl/hmac.h>
#include <openssl/evp.h>
