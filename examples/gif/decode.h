/*
 * decode.h - the GIF decoder's interface (decode.c), the same whether it
 * runs as a sandboxed plug-in (gif.vxp, called through libvx32) or is
 * linked into gifsandbox natively, as a reference.
 *
 * The decoder pulls its input through GIF_CB_READ and reports the
 * file's comments through GIF_CB_COMMENT: host callbacks by number in
 * the plug-in (vx_callback), function pointers natively.
 */
#ifndef GIF_DECODE_H
#define GIF_DECODE_H

#define GIF_CB_READ	1	/* int read(unsigned char *buf, int n) */
#define GIF_CB_COMMENT	2	/* void comment(const char *text, int len) */

#define GIF_MAX_PIXELS	(64u << 20)	/* canvas size the decoder accepts */
#define GIF_ERR_CANVAS	1000		/* the canvas is larger than that */

/* Decode the whole file and draw its first image on an RGB canvas of
   the file's screen size: 0, or a giflib error code (D_GIF_ERR_*), or
   GIF_ERR_CANVAS. */
int gif_decode(void);
unsigned gif_width(void);
unsigned gif_height(void);
unsigned gif_images(void);
unsigned char *gif_pixels(void);	/* width * height * 3 bytes */
const char *gif_error(int code);
void gif_done(void);			/* free the canvas */

#ifdef NATIVE
void gif_set_callbacks(int (*read)(unsigned char *, int),
		       void (*comment)(const char *, int));
#endif

#endif
