// What every kernel source shares (kernels/mlp.c, mlp_vae.c, mlp_sae.c, conv.c): Wasm's 128-bit
// SIMD intrinsics, float32 and the export attribute. tools/build_kernels.sh hashes it with them.

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))
typedef float f32;
