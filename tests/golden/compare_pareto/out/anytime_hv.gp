reset
set datafile separator ','
set terminal pngcairo noenhanced size 800,500 font 'Sans,10'
set output "anytime_hv.png"
set title 'Hypervolume of the archive as a fraction of the true front''s (mean +- 1 std over seeds)'
set key bottom right
set grid
set xlabel 'queries'
set ylabel 'hypervolume fraction'
set style fill transparent solid 0.2 noborder
plot 'anytime.csv' skip 1 using 2:(strcol(1) eq 'random' ? $3-$4 : NaN):(strcol(1) eq 'random' ? $3+$4 : NaN) with filledcurves lc rgb '#1f77b4' notitle, 'anytime.csv' skip 1 using 2:(strcol(1) eq 'random' ? $3 : NaN) with lines lw 2 lc rgb '#1f77b4' title 'random', 'anytime.csv' skip 1 using 2:(strcol(1) eq 'nsga2' ? $3-$4 : NaN):(strcol(1) eq 'nsga2' ? $3+$4 : NaN) with filledcurves lc rgb '#d62728' notitle, 'anytime.csv' skip 1 using 2:(strcol(1) eq 'nsga2' ? $3 : NaN) with lines lw 2 lc rgb '#d62728' title 'nsga2'
unset multiplot
unset output
reset
set datafile separator ','
set terminal svg noenhanced size 800,500 font 'Sans,10'
set output "anytime_hv.svg"
set title 'Hypervolume of the archive as a fraction of the true front''s (mean +- 1 std over seeds)'
set key bottom right
set grid
set xlabel 'queries'
set ylabel 'hypervolume fraction'
set style fill transparent solid 0.2 noborder
plot 'anytime.csv' skip 1 using 2:(strcol(1) eq 'random' ? $3-$4 : NaN):(strcol(1) eq 'random' ? $3+$4 : NaN) with filledcurves lc rgb '#1f77b4' notitle, 'anytime.csv' skip 1 using 2:(strcol(1) eq 'random' ? $3 : NaN) with lines lw 2 lc rgb '#1f77b4' title 'random', 'anytime.csv' skip 1 using 2:(strcol(1) eq 'nsga2' ? $3-$4 : NaN):(strcol(1) eq 'nsga2' ? $3+$4 : NaN) with filledcurves lc rgb '#d62728' notitle, 'anytime.csv' skip 1 using 2:(strcol(1) eq 'nsga2' ? $3 : NaN) with lines lw 2 lc rgb '#d62728' title 'nsga2'
unset multiplot
unset output
