#include "wildcat_spoof.h"

#include <unicode/uspoof.h>

static USpoofChecker *wildcat_open(UErrorCode *status) {
    USpoofChecker *checker = uspoof_open(status);
    if (U_FAILURE(*status)) return NULL;
    uspoof_setRestrictionLevel(checker, USPOOF_HIGHLY_RESTRICTIVE);
    uspoof_setChecks(checker, USPOOF_RESTRICTION_LEVEL, status);
    return checker;
}

int32_t wildcat_spoof_skeleton(const char *text, char *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker *checker = wildcat_open(&status);
    if (checker == NULL) return -1;
    int32_t length = uspoof_getSkeletonUTF8(checker, 0, text, -1, out, capacity, &status);
    uspoof_close(checker);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) return length;
    return U_FAILURE(status) ? -1 : length;
}

int32_t wildcat_spoof_mixes_scripts(const char *text) {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker *checker = wildcat_open(&status);
    if (checker == NULL) return -1;
    int32_t result = uspoof_checkUTF8(checker, text, -1, NULL, &status);
    uspoof_close(checker);
    if (U_FAILURE(status)) return -1;
    return (result & USPOOF_RESTRICTION_LEVEL) != 0 ? 1 : 0;
}
