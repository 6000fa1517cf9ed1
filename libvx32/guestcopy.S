/*
 * guestcopy.S - a copy to or from guest memory that survives another
 * thread unmapping or protecting that memory meanwhile.
 *
 * vxmem_read and vxmem_write (mem.c) check the guest's permissions and
 * then copy; a guest thread may unmap the page in between (munmap in a
 * vxlinux guest), and a plain memcpy would then take the host down with
 * a SIGSEGV.  As the kernel's copy_from_user does, the copy is one
 * instruction whose address the fault handler knows: a fault there, at
 * an address inside the guest memory the copy is armed for (mem.c,
 * vx_copy_fault), resumes at vx_guest_copy_fixup, which returns -1.
 *
 *	int vx_guest_copy(void *dst, const void *src, size_t n);
 *	returns 0, or -1 after a fault (the copy then partly done)
 */
	.text
	.globl	vx_guest_copy, vx_guest_copy_insn, vx_guest_copy_fixup
	.hidden	vx_guest_copy, vx_guest_copy_insn, vx_guest_copy_fixup
	.type	vx_guest_copy, @function
vx_guest_copy:
	mov	%rdx, %rcx
vx_guest_copy_insn:
	rep movsb			/* the only access to guest memory */
	xor	%eax, %eax
	ret
vx_guest_copy_fixup:
	mov	$-1, %eax
	ret
	.size	vx_guest_copy, . - vx_guest_copy

	.section .note.GNU-stack, "", @progbits
