// Synthetic "person" pictures for the test and demo directories: a coloured background, a simple
// face (hair, face, eyes, mouth, shoulders) and a row of blocks encoding the person's number, so
// every person looks different and a crop or rotation mistake is visible at a glance.
#pragma once
#include "image/rgb_image.h"

namespace userphoto::testing {

// Person `n` (any n >= 0) drawn upright at width × height. The face sits where the square crop
// of lib/image keeps it (centred, in the upper part of a portrait).
image::RgbImage draw_person(int n, int width, int height);

// The stored pixels that EXIF orientation 6 shows as `upright` (rotated 90° counter-clockwise).
image::RgbImage store_for_orientation6(const image::RgbImage& upright);

}  // namespace userphoto::testing
