/* signgam.c - POSIX's signgam: the sign of Gamma at lgamma's last x. */
int signgam;
