//! Decoding a source image, and resizing and encoding one copy of it: the only CPU-heavy part of images.

use super::cache::{Format, JPEG_QUALITY};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{ColorType, DynamicImage, ImageDecoder, ImageReader};
use std::io::Cursor;

/// Width and height as the image is shown (after its EXIF rotation), read from its header alone.
pub(super) fn header_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut decoder = reader(bytes)?.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    Ok(if swaps_axes(orientation) {
        (h, w)
    } else {
        (w, h)
    })
}

/// Every pixel, turned the way the photo was taken (a phone's portrait JPEG is stored sideways).
pub(super) fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut decoder = reader(bytes)?.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, String> {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())
}

fn swaps_axes(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// `image` at `width` x `height` (the same size: no resize), encoded as `format`. Lanczos3 and fixed encoder
/// settings: the same input gives the same bytes on every build.
pub(super) fn copy(
    image: &DynamicImage,
    width: u32,
    height: u32,
    format: Format,
) -> Result<Vec<u8>, String> {
    let resized;
    let sized = if (width, height) == (image.width(), image.height()) {
        image
    } else {
        resized = image.resize_exact(width, height, FilterType::Lanczos3);
        &resized
    };
    let mut out = Vec::new();
    let written = match format {
        Format::Png => sized.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Best,
            PngFilter::Adaptive,
        )),
        Format::Jpeg => jpeg_ready(sized)
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)),
        Format::WebP => webp_ready(sized).write_with_encoder(WebPEncoder::new_lossless(&mut out)),
    };
    written.map_err(|e| e.to_string())?;
    Ok(out)
}

/// JPEG holds grey or RGB, 8 bits a channel.
fn jpeg_ready(image: &DynamicImage) -> std::borrow::Cow<'_, DynamicImage> {
    match image.color() {
        ColorType::L8 | ColorType::Rgb8 => std::borrow::Cow::Borrowed(image),
        _ => std::borrow::Cow::Owned(DynamicImage::ImageRgb8(image.to_rgb8())),
    }
}

/// The WebP encoder takes 8-bit grey or colour, with or without alpha; 16-bit PNGs come down to 8 bits.
fn webp_ready(image: &DynamicImage) -> std::borrow::Cow<'_, DynamicImage> {
    match image.color() {
        ColorType::L8 | ColorType::La8 | ColorType::Rgb8 | ColorType::Rgba8 => {
            std::borrow::Cow::Borrowed(image)
        }
        c if c.has_alpha() => std::borrow::Cow::Owned(DynamicImage::ImageRgba8(image.to_rgba8())),
        _ => std::borrow::Cow::Owned(DynamicImage::ImageRgb8(image.to_rgb8())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
        }))
    }

    #[test]
    fn copies_have_the_asked_size_and_the_same_bytes_every_time() {
        let img = gradient(64, 32);
        for format in [Format::Png, Format::Jpeg, Format::WebP] {
            let a = copy(&img, 16, 8, format).unwrap();
            assert_eq!(a, copy(&img, 16, 8, format).unwrap(), "{format:?}");
            let back = decode(&a).unwrap();
            assert_eq!((back.width(), back.height()), (16, 8), "{format:?}");
        }
        assert_eq!(
            header_size(&copy(&img, 64, 32, Format::Png).unwrap()),
            Ok((64, 32))
        );
    }

    #[test]
    fn a_truncated_file_is_an_error_not_a_panic() {
        let png = copy(&gradient(64, 64), 64, 64, Format::Png).unwrap();
        let cut = &png[..png.len() / 2];
        assert!(header_size(cut).is_ok(), "the header is whole");
        assert!(decode(cut).is_err());
        assert!(header_size(b"not an image").is_err());
    }
}
