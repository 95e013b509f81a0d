#define _GNU_SOURCE
#include "image_shim.h"
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <vips/vips.h>

static void fail(char *error, size_t error_length, const char *fallback) {
    const char *reason = vips_error_buffer();
    snprintf(error, error_length, "%s", (reason && *reason) ? reason : fallback);
    vips_error_clear();
}

static const char *loader_of(wildcat_image_format format) {
    switch (format) {
    case WILDCAT_JPEG: return "VipsForeignLoadJpegBuffer";
    case WILDCAT_PNG: return "VipsForeignLoadPngBuffer";
    case WILDCAT_WEBP: return "VipsForeignLoadWebpBuffer";
    }
    return NULL;
}

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;
}

int wildcat_images_start(void) {
    if (VIPS_INIT("wildcat")) return -1;
    // A damaged photo is refused with a reason; libvips's own warnings would only clutter the log.
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO, quiet, NULL);
    // Every loader is blocked but the three decoded here: a file cannot reach ImageMagick, PDF,
    // SVG, TIFF or any other parser whatever its bytes say.
    vips_operation_block_set("VipsForeignLoad", TRUE);
    vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
    vips_operation_block_set("VipsForeignLoadPng", FALSE);
    vips_operation_block_set("VipsForeignLoadWebp", FALSE);
    vips_block_untrusted_set(TRUE);
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    vips_concurrency_set(1);
    return 0;
}

static int matches(const void *bytes, size_t length, wildcat_image_format format) {
    const char *expected = loader_of(format);
    const char *found = vips_foreign_find_load_buffer(bytes, length);
    vips_error_clear();
    return expected && found && strcmp(found, expected) == 0;
}

int wildcat_image_probe(const void *bytes, size_t length, wildcat_image_format format,
                        int *width, int *height, char *error, size_t error_length) {
    if (!matches(bytes, length, format)) {
        snprintf(error, error_length, "not a readable image of the kind its first bytes name");
        return -1;
    }
    VipsImage *image = vips_image_new_from_buffer(bytes, length, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!image) { fail(error, error_length, "unreadable header"); return -1; }
    *width = vips_image_get_width(image);
    *height = vips_image_get_height(image);
    g_object_unref(image);
    return 0;
}

int wildcat_image_clean(const void *bytes, size_t length, wildcat_image_format format, int max_side,
                        wildcat_image *out, char *error, size_t error_length) {
    memset(out, 0, sizeof *out);
    if (!matches(bytes, length, format)) {
        snprintf(error, error_length, "not a readable image of the kind its first bytes name");
        return -1;
    }
    VipsImage *image = NULL;
    // Thumbnail shrinks while it decodes (JPEG at a fraction of the cost) and applies the
    // orientation tag, which is about to be dropped with the rest of the metadata.
    if (vips_thumbnail_buffer((void *)bytes, length, &image, max_side, "height", max_side,
                              "size", VIPS_SIZE_DOWN, "option_string", "fail_on=error", NULL)) {
        fail(error, error_length, "the image could not be decoded");
        return -1;
    }
    void *encoded = NULL;
    size_t encoded_length = 0;
    int result;
    switch (format) {
    case WILDCAT_JPEG:
        result = vips_jpegsave_buffer(image, &encoded, &encoded_length, "Q", 82, "strip", TRUE,
                                      "optimize_coding", TRUE, NULL);
        break;
    case WILDCAT_PNG:
        result = vips_pngsave_buffer(image, &encoded, &encoded_length, "strip", TRUE, "compression", 6, NULL);
        break;
    case WILDCAT_WEBP:
        result = vips_webpsave_buffer(image, &encoded, &encoded_length, "Q", 80, "strip", TRUE, NULL);
        break;
    default:
        result = -1;
    }
    if (result) {
        g_object_unref(image);
        fail(error, error_length, "the image could not be encoded again");
        return -1;
    }
    out->data = encoded;
    out->length = encoded_length;
    out->width = vips_image_get_width(image);
    out->height = vips_image_get_height(image);
    g_object_unref(image);
    return 0;
}

void wildcat_images_yield_to_chat(void) {
    // Linux applies a nice value to one thread when given its thread id.
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
}

void wildcat_image_free(wildcat_image *image) {
    if (image->data) g_free(image->data);
    image->data = NULL;
    image->length = 0;
}
