#include "directory/directory.h"
