#ifndef WILDCAT_IMAGE_SHIM_H
#define WILDCAT_IMAGE_SHIM_H
#include <stddef.h>

/// libvips behind plain C types: its calls take variadic options, which Swift cannot make.

/// The formats Wildcat decodes: the only loaders left unblocked.
typedef enum { WILDCAT_JPEG = 1, WILDCAT_PNG = 2, WILDCAT_WEBP = 3 } wildcat_image_format;

typedef struct {
    unsigned char *data;
    size_t length;
    int width;
    int height;
} wildcat_image;

/// Starts libvips once: only the JPEG, PNG and WebP loaders, no operation cache (nothing of a
/// member's photo stays in memory after its request), one worker thread per image.
/// 0 on success.
int wildcat_images_start(void);

/// Reads only the header: the width and height the file declares, before any pixel is decoded.
/// Fails unless the bytes are the format given. 0 on success; otherwise `error` says why.
int wildcat_image_probe(const void *bytes, size_t length, wildcat_image_format format,
                        int *width, int *height, char *error, size_t error_length);

/// Decodes, turns upright by its orientation tag, shrinks to fit `max_side` (never enlarges),
/// and encodes again in the same format with no metadata at all. 0 on success; the caller frees
/// `out` with `wildcat_image_free`.
int wildcat_image_clean(const void *bytes, size_t length, wildcat_image_format format, int max_side,
                        wildcat_image *out, char *error, size_t error_length);

void wildcat_image_free(wildcat_image *image);

/// Lowers the calling thread's scheduling priority (nice 10): decoding photos gives way to chat.
void wildcat_images_yield_to_chat(void);

#endif
