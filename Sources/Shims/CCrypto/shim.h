// Thin shim over OpenSSL's libcrypto: SHA-256 for content-addressed objects and
// ECDSA P-256 for node authentication.
#pragma once
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/err.h>
