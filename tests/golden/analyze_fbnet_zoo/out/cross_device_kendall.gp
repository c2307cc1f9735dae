reset
set datafile separator ','
set terminal pngcairo noenhanced size 900,850 font 'Sans,10'
set output "cross_device_kendall.png"
set title 'Kendall tau between FLOPs, #params and device costs (fbnet, cifar100, 5000 networks)'
set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')
set cbrange [-1:1]
set xtics rotate by -45
set size ratio -1
unset key
set yrange [3.5:-0.5]
set xrange [-0.5:3.5]
plot 'cross_device_kendall.csv' matrix rowheaders columnheaders using 1:2:3 with image, '' matrix rowheaders columnheaders using 1:2:(sprintf('%.2f', $3)) with labels font ',9'

unset multiplot
unset output
reset
set datafile separator ','
set terminal svg noenhanced size 900,850 font 'Sans,10'
set output "cross_device_kendall.svg"
set title 'Kendall tau between FLOPs, #params and device costs (fbnet, cifar100, 5000 networks)'
set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')
set cbrange [-1:1]
set xtics rotate by -45
set size ratio -1
unset key
set yrange [3.5:-0.5]
set xrange [-0.5:3.5]
plot 'cross_device_kendall.csv' matrix rowheaders columnheaders using 1:2:3 with image, '' matrix rowheaders columnheaders using 1:2:(sprintf('%.2f', $3)) with labels font ',9'

unset multiplot
unset output
