/*
 * crtplugin.S - plug-in entry (vxcc -shared), as crt0.S is a program's.
 * The loader leaves esp pointing at argc, followed by argv[], NULL,
 * envp[], NULL and the auxiliary vector; all other registers are zero.
 * Hand the three to __vxc_plugin_start in C, on a stack aligned as the
 * i386 psABI (and gcc's SSE code) expects.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp		/* end of the frame chain */
	movl	(%esp), %eax		/* argc */
	leal	4(%esp), %ecx		/* argv */
	leal	8(%esp,%eax,4), %edx	/* envp: past argv's NULL */
	andl	$-16, %esp
	subl	$4, %esp		/* 3 pushes: esp % 16 == 0 at call */
	pushl	%edx
	pushl	%ecx
	pushl	%eax
	call	__vxc_plugin_start
	ud2				/* __vxc_plugin_start never returns */
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
