#include "image/photo_image.h"
