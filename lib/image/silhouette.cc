#include "image/silhouette.h"

namespace userphoto::image {

RgbImage draw_silhouette(int edge) {
    RgbImage image;
    if (edge <= 0) return image;
    image.width = image.height = edge;
    image.rgb.assign(static_cast<size_t>(edge) * edge * 3, 0);
    const double e = edge;
    // Head: a circle; shoulders: the upper half of a wide ellipse at the bottom edge.
    const double head_x = 0.5 * e, head_y = 0.38 * e, head_r = 0.19 * e;
    const double body_x = 0.5 * e, body_y = 1.0 * e, body_rx = 0.38 * e, body_ry = 0.36 * e;
    for (int y = 0; y < edge; ++y) {
        for (int x = 0; x < edge; ++x) {
            const double px = x + 0.5, py = y + 0.5;
            const double hx = (px - head_x) / head_r, hy = (py - head_y) / head_r;
            const double bx = (px - body_x) / body_rx, by = (py - body_y) / body_ry;
            const bool figure = hx * hx + hy * hy <= 1.0 || bx * bx + by * by <= 1.0;
            const uint8_t value = figure ? 0xA8 : 0xDF;
            uint8_t* p = image.pixel(x, y);
            p[0] = p[1] = p[2] = value;
        }
    }
    return image;
}

}  // namespace userphoto::image
