// The target is header-only (static inline); SwiftPM needs one source file to build it.
#include "CLVSPrefetch.h"
