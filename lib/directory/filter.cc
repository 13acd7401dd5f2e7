#include "directory/filter.h"
