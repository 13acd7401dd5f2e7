// The default picture for people without a photo: a neutral grey head-and-shoulders silhouette,
// drawn in code (no bundled file) at any edge.
#pragma once
#include "image/rgb_image.h"

namespace userphoto::image {

RgbImage draw_silhouette(int edge);

}  // namespace userphoto::image
