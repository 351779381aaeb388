# Included after another directory's Makefile (make -f Makefile -f
# vars.mk print-SRCS): prints one of its variables, so that the fuzz
# build compiles exactly the sources the commands are built from.
print-%:
	@echo $($*)
