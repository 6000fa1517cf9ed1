/* (polynomial fits: filled in below) */
static void emit_fits(void)
{
}
