/*
 * decode.c - the glue around giflib's decoder (dgif_lib.c, Debian's
 * giflib 5.2.1): read a file with DGifSlurp, draw its first image over
 * the background colour, as the plug-in gif.vxp or (-DNATIVE) linked
 * into the host as a reference.  Everything here treats the file as
 * hostile input; the plug-in build needs no such care from its host.
 */
#include <stdlib.h>
#include <string.h>
#include <gif_lib.h>
#include "decode.h"

#ifdef NATIVE
static int (*read_cb)(unsigned char *, int);
static void (*comment_cb)(const char *, int);

void gif_set_callbacks(int (*read)(unsigned char *, int),
		       void (*comment)(const char *, int))
{
	read_cb = read;
	comment_cb = comment;
}
#define EXPORT
#define host_read(b, n)		read_cb(b, n)
#define host_comment(s, n)	comment_cb(s, n)
#else
#include <vxplugin.h>
#define EXPORT			VX_EXPORT
#define host_read(b, n)		((int)vx_callback(GIF_CB_READ, b, n))
#define host_comment(s, n)	((void)vx_callback(GIF_CB_COMMENT, s, n))
#endif

static unsigned width, height, images;
static unsigned char *canvas;

static int input(GifFileType *g, GifByteType *buf, int n)
{
	return host_read(buf, n);
}

static void comments(int count, const ExtensionBlock *ext)
{
	for (int i = 0; i < count; i++)
		if (ext[i].Function == COMMENT_EXT_FUNC_CODE)
			host_comment((const char *)ext[i].Bytes,
				     ext[i].ByteCount);
}

/* The first image, through its colour map and transparency. */
static void draw(GifFileType *g)
{
	const SavedImage *im = &g->SavedImages[0];
	const GifImageDesc *d = &im->ImageDesc;
	const ColorMapObject *map = d->ColorMap ? d->ColorMap : g->SColorMap;
	GraphicsControlBlock gcb = { .TransparentColor = NO_TRANSPARENT_COLOR };

	if (!map || !im->RasterBits)
		return;
	DGifSavedExtensionToGCB(g, 0, &gcb);
	for (int y = 0; y < d->Height; y++) {
		long cy = (long)d->Top + y;
		if (cy < 0 || cy >= (long)height)
			continue;
		for (int x = 0; x < d->Width; x++) {
			long cx = (long)d->Left + x;
			int c = im->RasterBits[(long)y * d->Width + x];
			if (cx < 0 || cx >= (long)width ||
			    c == gcb.TransparentColor || c >= map->ColorCount)
				continue;
			unsigned char *px = canvas + 3 * ((size_t)cy * width + cx);
			px[0] = map->Colors[c].Red;
			px[1] = map->Colors[c].Green;
			px[2] = map->Colors[c].Blue;
		}
	}
}

static void fill_background(GifFileType *g)
{
	GifColorType bg = { 0, 0, 0 };

	if (g->SColorMap && g->SBackGroundColor < g->SColorMap->ColorCount)
		bg = g->SColorMap->Colors[g->SBackGroundColor];
	for (size_t i = 0; i < (size_t)width * height; i++) {
		canvas[3 * i] = bg.Red;
		canvas[3 * i + 1] = bg.Green;
		canvas[3 * i + 2] = bg.Blue;
	}
}

EXPORT int gif_decode(void)
{
	int err = 0;
	GifFileType *g = DGifOpen(NULL, input, &err);

	gif_done();
	if (!g)
		return err ? err : D_GIF_ERR_READ_FAILED;
	if (DGifSlurp(g) == GIF_ERROR) {
		err = g->Error ? g->Error : D_GIF_ERR_DATA_TOO_BIG;
		goto out;
	}
	for (int i = 0; i < g->ImageCount; i++)
		comments(g->SavedImages[i].ExtensionBlockCount,
			 g->SavedImages[i].ExtensionBlocks);
	comments(g->ExtensionBlockCount, g->ExtensionBlocks);
	width = g->SWidth;
	height = g->SHeight;
	images = g->ImageCount;
	if (!width || !height || (size_t)width * height > GIF_MAX_PIXELS) {
		err = GIF_ERR_CANVAS;
		goto out;
	}
	canvas = malloc((size_t)width * height * 3);
	if (!canvas) {
		err = D_GIF_ERR_NOT_ENOUGH_MEM;
		goto out;
	}
	fill_background(g);
	draw(g);
out:
	DGifCloseFile(g, NULL);
	if (err)
		gif_done();
	return err;
}

EXPORT unsigned gif_width(void)
{
	return width;
}

EXPORT unsigned gif_height(void)
{
	return height;
}

EXPORT unsigned gif_images(void)
{
	return images;
}

EXPORT unsigned char *gif_pixels(void)
{
	return canvas;
}

EXPORT const char *gif_error(int code)
{
	const char *s;

	if (code == GIF_ERR_CANVAS)
		return "canvas too large or empty";
	s = GifErrorString(code);
	return s ? s : "unknown error";
}

EXPORT void gif_done(void)
{
	free(canvas);
	canvas = NULL;
	width = height = images = 0;
}
