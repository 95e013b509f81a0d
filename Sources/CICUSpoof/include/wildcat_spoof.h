#ifndef WILDCAT_SPOOF_H
#define WILDCAT_SPOOF_H

#include <stdint.h>

/// Lookalike checks (Unicode UTS #39) from the system's ICU, under names that do not depend on
/// ICU's version-suffixed symbols.

/// Writes the confusable skeleton of the UTF-8 text `text` (NUL-terminated) into `out` (capacity
/// `capacity`, NUL-terminated). Returns the skeleton's length in bytes, -1 on error, or the
/// needed length (greater than capacity - 1) when `out` is too small.
int32_t wildcat_spoof_skeleton(const char *text, char *out, int32_t capacity);

/// 1 if the UTF-8 text mixes scripts beyond ICU's "highly restrictive" level (one script, or
/// Latin with Han and Japanese or Korean scripts), 0 if not, -1 on error.
int32_t wildcat_spoof_mixes_scripts(const char *text);

#endif
