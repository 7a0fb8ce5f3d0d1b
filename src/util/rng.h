/* A small deterministic generator (xorshift64*), for reproducible demo and benchmark data. */
#ifndef KM_RNG_H
#define KM_RNG_H
#include <stdint.h>

typedef struct { uint64_t s; } rng;

static inline void rng_seed(rng *r, uint64_t seed) { r->s = seed ? seed : 0x9E3779B97F4A7C15ull; }

static inline uint64_t rng_next(rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1Dull;
}

/* Uniform integer in [lo, hi]. */
static inline int rng_range(rng *r, int lo, int hi)
{
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}
#endif
